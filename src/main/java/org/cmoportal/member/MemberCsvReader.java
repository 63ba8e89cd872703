package org.cmoportal.member;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.cmoportal.error.Problem;
import org.cmoportal.error.Utf8;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Reads a member list ({@code ref,name[,username]}, RFC 4180, strict UTF-8) in one pass: checks every line, hashes
 * the file's bytes and hands each valid member to a {@link Sink}. Nothing is held per line, so the size of the
 * file does not change the memory it takes.
 */
final class MemberCsvReader {

    static final String FILE = "members.csv";
    static final List<String> HEADER = List.of("ref", "name", "username");
    /** How many problems an answer lists one by one before summarising the rest. */
    static final int MAX_LISTED = 100;

    /** Receives each valid member, normalized, with the line it starts on. */
    interface Sink {
        void accept(long line, NewMember member) throws IOException;
    }

    /** What the pass found: member lines, the file's SHA-256, whether any line names a username, the problems. */
    record Result(long lines, String sha256, boolean usernames, List<Problem> problems, long problemCount) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private long problemCount;

    Result read(InputStream in, Sink sink) throws IOException {
        MessageDigest sha = sha256();
        long lines = 0;
        boolean usernames = false;
        CsvReader<CsvRecord> csv = CsvReader.builder().allowExtraFields(true).allowMissingFields(true)
                .ofCsvRecord(Utf8.reader(new DigestInputStream(in, sha), FILE));
        try (csv) {
            boolean header = true;
            for (CsvRecord r : csv) {
                String where = FILE + " line " + r.getStartingLineNumber();
                if (header) {
                    header = false;
                    List<String> fields = r.getFields().stream().map(f -> f.replace("\uFEFF", "").strip()).toList();
                    if (!fields.equals(HEADER) && !fields.equals(HEADER.subList(0, 2))) {
                        problem(where, "The header is " + String.join(",", fields)
                                + "; the first line must be ref,name,username (username may be left out).");
                        break; // the columns cannot be trusted, so the lines are not checked
                    }
                    continue;
                }
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                    continue; // a blank line
                }
                lines++;
                if (r.getFieldCount() < 2 || r.getFieldCount() > 3) {
                    problem(where, "Expected 2 or 3 fields (ref,name,username), found " + r.getFieldCount() + ".");
                    continue;
                }
                NewMember m = new NewMember(r.getField(0), r.getField(1), r.getFieldCount() > 2 ? r.getField(2) : null);
                List<Problem> found = m.problems(where);
                if (!found.isEmpty()) {
                    found.forEach(p -> problem(p.where(), p.message()));
                    continue;
                }
                NewMember valid = m.normalized();
                usernames |= valid.username() != null;
                sink.accept(r.getStartingLineNumber(), valid);
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof Utf8.NotUtf8 notUtf8)) {
                throw e.getCause();
            }
            problem(notUtf8.problem().where(), notUtf8.problem().message());
        } catch (CsvParseException e) {
            problem(FILE, "The file is not valid CSV (" + e.getMessage() + "); save it as UTF-8 CSV.");
        }
        if (lines == 0 && problemCount == 0) {
            problem(FILE, "The file holds no members: add one line per member under the header.");
        }
        return new Result(lines, HexFormat.of().formatHex(sha.digest()), usernames, List.copyOf(problems), problemCount);
    }

    private void problem(String where, String message) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
            problems.add(new Problem(where, message));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
