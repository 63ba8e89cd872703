package org.cmoportal.tenancy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A statement as {@link TenantSql} runs it: named parameters ({@code :name}) turned into JDBC's {@code ?}, and the
 * words it names, so that the tenant rule can be checked before it reaches the database.
 *
 * <p>Plain Java and no database, so the rule is tested in milliseconds. String literals, quoted identifiers and
 * comments are copied as they are: a {@code ':'} or a table's name inside them is neither a parameter nor a table.
 * {@code parameters} has one entry per {@code ?} of {@code jdbc}: a parameter's name, or null for a positional one.
 */
record SqlText(String sql, String jdbc, List<String> parameters, Set<String> words, boolean namesTenantId) {

    /** The parameter every statement on a tenant table binds; {@link TenantSql} sets it, never the caller. */
    static final String TENANT = "tenant";

    static SqlText parse(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> parameters = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        boolean namesTenantId = false;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                jdbc.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                jdbc.append("::"); // a cast, not a parameter
                i += 2;
            } else if (c == ':' && i + 1 < n && isWordStart(sql.charAt(i + 1))) {
                int end = wordEnd(sql, i + 1);
                parameters.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end;
            } else if (c == '?') {
                parameters.add(null);
                jdbc.append('?');
                i++;
            } else if (isWordStart(c)) {
                int end = wordEnd(sql, i);
                String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
                namesTenantId |= word.equals("tenant_id");
                // a qualified name's second part (s.member_ref) is a column, never a table
                if (!(i > 0 && sql.charAt(i - 1) == '.')) {
                    words.add(word);
                }
                jdbc.append(sql, i, end);
                i = end;
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new SqlText(sql, jdbc.toString(), Collections.unmodifiableList(parameters), Collections.unmodifiableSet(words),
                namesTenantId);
    }

    /**
     * {@link #jdbc} with each {@code ?} replaced by the next of {@code literals}, for a statement that takes no bind
     * parameters ({@code COPY}); quotes and comments are skipped as {@link #parse} skips them.
     */
    String withLiterals(List<String> literals) {
        if (literals.size() != parameters.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameters but " + literals.size() + " values");
        }
        return placeholdersReplaced(literals::get);
    }

    /**
     * This statement with {@code :tenant} written in as {@code literal}, its other parameters as they were: a statement
     * whose plan is then made for that tenant alone ({@link TenantSql.Partitioned}).
     */
    SqlText withTenantWritten(String literal) {
        if (!bindsTenant()) {
            return this;
        }
        String written = placeholdersReplaced(k -> TENANT.equals(parameters.get(k)) ? literal : "?");
        List<String> remaining = parameters.stream().filter(p -> !TENANT.equals(p)).toList();
        return new SqlText(sql, written, Collections.unmodifiableList(new ArrayList<>(remaining)), words, namesTenantId);
    }

    /** {@link #jdbc} with its k-th {@code ?} replaced by {@code each.apply(k)}; quotes and comments skipped as {@link #parse} skips them. */
    private String placeholdersReplaced(IntFunction<String> each) {
        StringBuilder out = new StringBuilder(jdbc.length() + 16 * parameters.size());
        int next = 0;
        int n = jdbc.length();
        int i = 0;
        while (i < n) {
            char c = jdbc.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = closing(jdbc, i, c);
            } else if (c == '-' && i + 1 < n && jdbc.charAt(i + 1) == '-') {
                end = jdbc.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && jdbc.charAt(i + 1) == '*') {
                end = jdbc.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '?') {
                out.append(each.apply(next++));
                i++;
                continue;
            } else {
                end = i + 1;
            }
            out.append(jdbc, i, end);
            i = end;
        }
        return out.toString();
    }

    /** Whether the statement names one of {@code tables} (a word outside quotes and comments, not a column after a dot). */
    boolean namesAny(Set<String> tables) {
        for (String word : words) {
            if (tables.contains(word)) {
                return true;
            }
        }
        return false;
    }

    boolean bindsTenant() {
        return parameters.contains(TENANT);
    }

    /**
     * Why the statement breaks the tenant rule, if it does: a statement that names a tenant table must name
     * {@code tenant_id} and bind {@code :tenant}, so the database is asked for the tenant's rows and row-level
     * security only backs the query up.
     */
    Optional<String> tenantRuleBreach(Set<String> tenantTables) {
        List<String> named = words.stream().filter(tenantTables::contains).toList();
        if (named.isEmpty() || (namesTenantId && bindsTenant())) {
            return Optional.empty();
        }
        return Optional.of("the statement reads or writes the tenant table(s) " + String.join(", ", named)
                + " but does not name tenant_id = :tenant; name the tenant in it (TenantSql binds :tenant): " + sql.strip());
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote stands for itself
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static int wordEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
            i++;
        }
        return i;
    }
}
