package org.cmoportal.preference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.member.MemberAccess;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.member.Member;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;

/**
 * A member's AI preferences per category of the CMO (economics.md, "Stakes and control rights" -> Preferences). A
 * change is a new row with its {@code since}, never an update: the filing flag reads the state that stood when a
 * period was opened. Every change is audited in the same transaction.
 */
@ApplicationScoped
public class Preferences {

    /** One category as the member sees it: what stands now, since when and who set it (null: never set, allowed). */
    public record CategoryPreference(String key, String name, AiUse use, Instant since, String setBy) {

        public boolean trainAi() {
            return use.trainAi();
        }

        public boolean search() {
            return use.search();
        }
    }

    /** A member's preferences in every category of the CMO, in the order of the categories' keys. */
    public record MemberPreferences(String ref, String name, List<CategoryPreference> categories) {
    }

    /** What a person asks for one category; a value left out stays as it is. */
    public record Choice(Boolean trainAi, Boolean search) {
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    MemberAccess access;

    @Inject
    AuditLog audit;

    /** The member's preferences now, for the member holding the ref or an administrator. */
    @Transactional
    public MemberPreferences of(String ref) {
        Member m = access.holderOrAdmin(ref);
        return current(m);
    }

    /**
     * Sets the named categories (each choice's values left out stay as they are); a category the CMO does not have
     * is refused, naming it, and nothing is stored. Only what changes is written, so {@code since} says when the
     * standing preference was made.
     */
    @Transactional
    public MemberPreferences set(String ref, Map<String, Choice> choices) {
        Member m = access.holderOrAdmin(ref);
        Map<String, String> categories = categories();
        List<Problem> problems = new ArrayList<>();
        if (choices == null || choices.isEmpty()) {
            problems.add(new Problem("categories", "name at least one category with \"" + AiUse.TRAIN_AI + "\" and \""
                    + AiUse.SEARCH + "\" (true or false), for example {\"categories\": {\"" + first(categories)
                    + "\": {\"" + AiUse.TRAIN_AI + "\": false, \"" + AiUse.SEARCH + "\": true}}}"));
        } else {
            for (String key : choices.keySet()) {
                if (!categories.containsKey(key)) {
                    problems.add(new Problem("categories." + key, "'" + key + "' is not a category of this CMO; use one of "
                            + String.join(", ", categories.keySet())));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        // one writer per member at a time, so two saves cannot both read the same standing preference
        sql.sql("SELECT pg_advisory_xact_lock(hashtext(:name))").bind("name", "preference:" + tenant.tenantId() + ":" + ref)
                .execute();
        Map<String, AiUse> standing = standing(ref);
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        for (Map.Entry<String, Choice> e : new java.util.TreeMap<>(choices).entrySet()) {
            AiUse was = standing.getOrDefault(e.getKey(), AiUse.ALLOWED);
            Choice c = e.getValue() == null ? new Choice(null, null) : e.getValue();
            AiUse now = new AiUse(c.trainAi() == null ? was.trainAi() : c.trainAi(),
                    c.search() == null ? was.search() : c.search());
            if (now.equals(was)) {
                continue;
            }
            sql.sql("""
                    INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, set_by)
                    VALUES (:tenant, :ref, :category, :trainAi, :search, :by)""")
                    .bind("ref", ref).bind("category", e.getKey()).bind("trainAi", now.trainAi()).bind("search", now.search())
                    .bind("by", access.actor()).update();
            before.put(e.getKey(), was.expression());
            after.put(e.getKey(), now.expression());
        }
        if (!after.isEmpty()) {
            audit.record("preference.set", "member", ref, before, after);
        }
        return current(m);
    }

    private MemberPreferences current(Member m) {
        Map<String, CategoryPreference> set = new HashMap<>();
        sql.sql("""
                SELECT DISTINCT ON (category_key) category_key, train_ai, search, since, set_by FROM member_preference
                 WHERE tenant_id = :tenant AND member_ref = :ref ORDER BY category_key, since DESC, id DESC""")
                .bind("ref", m.ref)
                .list(rs -> set.put(rs.getString(1), new CategoryPreference(rs.getString(1), null,
                        new AiUse(rs.getBoolean(2), rs.getBoolean(3)), rs.getTimestamp(4).toInstant(), rs.getString(5))));
        List<CategoryPreference> rows = new ArrayList<>();
        categories().forEach((key, name) -> {
            CategoryPreference p = set.get(key);
            rows.add(p == null ? new CategoryPreference(key, name, AiUse.ALLOWED, null, null)
                    : new CategoryPreference(key, name, p.use(), p.since(), p.setBy()));
        });
        return new MemberPreferences(m.ref, m.name, rows);
    }

    private Map<String, AiUse> standing(String ref) {
        Map<String, AiUse> standing = new HashMap<>();
        sql.sql("""
                SELECT DISTINCT ON (category_key) category_key, train_ai, search FROM member_preference
                 WHERE tenant_id = :tenant AND member_ref = :ref ORDER BY category_key, since DESC, id DESC""")
                .bind("ref", ref).list(rs -> standing.put(rs.getString(1), new AiUse(rs.getBoolean(2), rs.getBoolean(3))));
        return standing;
    }

    /** The CMO's categories, key to name, in key order. */
    Map<String, String> categories() {
        Map<String, String> categories = new LinkedHashMap<>();
        sql.sql("SELECT key, name FROM category WHERE tenant_id = :tenant ORDER BY key COLLATE \"C\"")
                .list(rs -> categories.put(rs.getString(1), rs.getString(2)));
        return categories;
    }

    private static String first(Map<String, String> categories) {
        return categories.isEmpty() ? "news" : categories.keySet().iterator().next();
    }
}
