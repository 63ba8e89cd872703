package org.cmoportal.member;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.tenancy.TenantContext;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/** Adds members to the current tenant, one by one or in bulk from CSV, and links them to users. */
@ApplicationScoped
public class MemberService {

    static final List<String> CSV_HEADER = List.of("ref", "name", "username");

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenant;

    @Transactional
    public Member add(NewMember m) {
        List<Problem> problems = validate(m, "");
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (Member.findByRef(m.ref()) != null) {
            throw DomainException.conflict("member-exists", "A member with the ref '" + m.ref()
                    + "' already exists in this CMO; refs are unique and compared exactly.");
        }
        return insert(m);
    }

    /** Result of a bulk import: how many members were added and how many existing ones updated. */
    public record ImportResult(int added, int updated) {
    }

    /**
     * Imports members from CSV with the header {@code ref,name,username}: new refs are added, known ones get
     * the new name and user. All or nothing; every problem is reported with its line.
     */
    @Transactional
    public ImportResult importCsv(Reader csv) {
        List<Problem> problems = new ArrayList<>();
        List<NewMember> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv)) {
            boolean header = true;
            for (CsvRecord r : reader) {
                long line = r.getStartingLineNumber();
                String where = "members.csv line " + line;
                if (header) {
                    header = false;
                    List<String> fields = r.getFields().stream().map(f -> f.replace("\uFEFF", "").strip()).toList();
                    if (!fields.equals(CSV_HEADER) && !fields.equals(CSV_HEADER.subList(0, 2))) {
                        throw DomainException.invalid(where, "The header is " + String.join(",", fields)
                                + "; the first line must be ref,name,username (username may be left out).");
                    }
                    continue;
                }
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                    continue; // a blank line
                }
                if (r.getFieldCount() < 2 || r.getFieldCount() > 3) {
                    problems.add(new Problem(where, "Expected 2 or 3 fields (ref,name,username), found " + r.getFieldCount() + "."));
                    continue;
                }
                NewMember m = new NewMember(r.getField(0), r.getField(1), r.getFieldCount() > 2 ? r.getField(2) : null);
                problems.addAll(validate(m, where + " "));
                if (!seen.add(m.ref())) {
                    problems.add(new Problem(where, "The ref '" + m.ref() + "' appears twice in the file."));
                }
                rows.add(m);
            }
        } catch (CsvParseException | IOException | java.io.UncheckedIOException e) {
            problems.add(new Problem("members.csv", "The file is not valid CSV (" + e.getMessage() + "); save it as UTF-8 CSV."));
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("members.csv", "The file holds no members: add one line per member under the header."));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        int added = 0;
        int updated = 0;
        for (NewMember m : rows) {
            Member existing = Member.findByRef(m.ref());
            if (existing == null) {
                insert(m);
                added++;
            } else if (!existing.name.equals(m.name().strip()) || m.username() != null && !m.username().isBlank()) {
                update(existing, m);
                updated++;
            }
        }
        audit.record("member.import", "members", tenant.tenantId(), null, Map.of("added", added, "updated", updated));
        return new ImportResult(added, updated);
    }

    private Member insert(NewMember m) {
        Member member = new Member();
        member.ref = m.ref();
        member.name = m.name().strip();
        member.persist();
        String username = link(m);
        audit.record("member.add", "member", m.ref(), null,
                username == null ? Map.of("name", member.name) : Map.of("name", member.name, "username", username));
        return member;
    }

    private void update(Member member, NewMember m) {
        String before = member.name;
        member.name = m.name().strip();
        String username = link(m);
        audit.record("member.update", "member", m.ref(), Map.of("name", before),
                username == null ? Map.of("name", member.name) : Map.of("name", member.name, "username", username));
    }

    /** Links the ref to a user; a ref has at most one holder, who may be changed. */
    private String link(NewMember m) {
        if (m.username() == null || m.username().isBlank()) {
            return null;
        }
        AppUser user = AppUser.findOrCreate(m.username().strip());
        Affiliation.delete("kind = ?1 and tenantId = ?2 and memberRef = ?3", Affiliation.Kind.MEMBER, tenant.tenantId(), m.ref());
        Affiliation a = Affiliation.of(user.id, Affiliation.Kind.MEMBER);
        a.tenantId = tenant.tenantId();
        a.memberRef = m.ref();
        a.persist();
        return user.username;
    }

    private static List<Problem> validate(NewMember m, String prefix) {
        List<Problem> p = new ArrayList<>();
        MemberRef.problem(m.ref()).ifPresent(msg -> p.add(new Problem(prefix.isEmpty() ? "ref" : prefix.strip() + " ref", msg)));
        if (m.name() == null || m.name().isBlank() || m.name().length() > 200) {
            p.add(new Problem(prefix.isEmpty() ? "name" : prefix.strip() + " name", "Give the member's name (1 to 200 characters)."));
        }
        if (m.username() != null && m.username().length() > 200) {
            p.add(new Problem(prefix.isEmpty() ? "username" : prefix.strip() + " username", "The username is too long (200 characters at most)."));
        }
        return p;
    }

    /** The current tenant's members holding these refs (a person's own), by ref. */
    @Transactional
    public List<Member> withRefs(Collection<String> refs) {
        return Member.list("ref in ?1 order by ref", refs);
    }

    /** A page of members matching a search, and how many members the tenant has in all. */
    public record Page(List<Member> members, long total) {
    }

    /** Members whose ref or name contains {@code query} (case-insensitive), at most {@code limit}, by ref. */
    @Transactional
    public Page search(String query, int limit) {
        long total = Member.count();
        if (query == null || query.isBlank()) {
            return new Page(Member.find("order by ref").page(0, limit).list(), total);
        }
        String like = "%" + query.strip().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return new Page(Member.find("lower(ref) like ?1 or lower(name) like ?1 order by ref", like).page(0, limit).list(), total);
    }
}
