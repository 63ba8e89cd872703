package org.cmoportal.member;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Adds members to the current tenant, one by one or in bulk from CSV, and links them to users. */
@ApplicationScoped
public class MemberService {

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenant;

    @Inject
    TenantSql sql;

    @Inject
    MemberConfig config;

    @Transactional
    public Member add(NewMember given) {
        List<Problem> problems = given.problems("");
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        NewMember m = given.normalized();
        if (Member.findByRef(m.ref()) != null) {
            throw DomainException.conflict("member-exists", "A member with the ref '" + m.ref()
                    + "' already exists in this CMO; refs are unique and compared exactly.");
        }
        Member member = new Member();
        member.ref = m.ref();
        member.name = m.name();
        member.persist();
        String username = link(m);
        audit.record("member.add", "member", m.ref(), null,
                username == null ? Map.of("name", member.name) : Map.of("name", member.name, "username", username));
        return member;
    }

    /** Result of a bulk import: how many members were added and how many existing ones updated. */
    public record ImportResult(long added, long updated) {
    }

    /**
     * Imports members from CSV with the header {@code ref,name,username}: new refs are added, known ones get the
     * new name and user. All or nothing; every problem is reported with its line. The file is loaded in bulk and
     * recorded as one audit entry (its counts and SHA-256), in a transaction of {@code cmo.member.import-timeout}.
     */
    public ImportResult importCsv(InputStream csv) {
        int seconds = config.importTimeout();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            return QuarkusTransaction.requiringNew().timeout(seconds).call(() -> importInTransaction(csv, deadline));
        } catch (DomainException e) {
            throw e;
        } catch (RuntimeException e) {
            // Past the deadline the transaction manager rolls back under the running work, which then fails in
            // whichever way it meets that first: the answer is the same.
            if (System.nanoTime() - deadline >= 0) {
                throw DomainException.outOfTime();
            }
            throw e;
        }
    }

    private ImportResult importInTransaction(InputStream csv, long deadline) throws IOException, SQLException {
        String tenantId = tenant.tenantId();
        try (TenantSql.Jdbc jdbc = sql.jdbc(); MemberStaging staging = new MemberStaging(jdbc, deadline)) {
            MemberCsvReader.Result read = new MemberCsvReader().read(csv, staging);
            staging.finish();
            MemberStaging.Duplicates duplicates = staging.duplicates(MemberCsvReader.MAX_LISTED - read.problems().size());
            long problemCount = read.problemCount() + duplicates.total();
            if (problemCount > 0) {
                List<Problem> problems = new ArrayList<>(read.problems());
                problems.addAll(duplicates.listed());
                if (problemCount > problems.size()) {
                    problems.add(new Problem(MemberCsvReader.FILE, (problemCount - problems.size())
                            + " more problems are not listed; correct the ones above and import the file again."));
                }
                throw DomainException.invalid(problems); // the rollback drops the staged lines
            }
            MemberStaging.Applied applied = staging.apply(read.usernames());
            audit.record("member.import", "members", tenantId, null, Map.of("lines", read.lines(),
                    "added", applied.added(), "updated", applied.updated(), "sha256", read.sha256()));
            return new ImportResult(applied.added(), applied.updated());
        }
    }

    /** Links the ref to a user; a ref has at most one holder, who may be changed. */
    private String link(NewMember m) {
        if (m.username() == null) {
            return null;
        }
        AppUser user = AppUser.findOrCreate(m.username());
        Affiliation.delete("kind = ?1 and tenantId = ?2 and memberRef = ?3", Affiliation.Kind.MEMBER, tenant.tenantId(), m.ref());
        Affiliation a = Affiliation.of(user.id, Affiliation.Kind.MEMBER);
        a.tenantId = tenant.tenantId();
        a.memberRef = m.ref();
        a.persist();
        return user.username;
    }

    /** The current tenant's members holding these refs (a person's own), by ref. */
    @Transactional
    public List<Member> withRefs(Collection<String> refs) {
        return Member.list("ref in ?1 order by ref", refs);
    }

    /** A page of members matching a search, and how many members the tenant has in all. */
    public record Page(List<Member> members, long total) {
    }

    /** A page of the members whose ref or name contains the search, by ref. */
    public record Found(List<Member> members, Paging paging, long total) {
    }

    /** The page {@code requested} of the members whose ref or name contains {@code query} (case-insensitive), by ref. */
    @Transactional
    public Found find(String query, int requested) {
        long total = Member.count();
        String like = Paging.contains(query);
        if (like == null) {
            Paging paging = Paging.of(requested, Paging.SIZE, total);
            return new Found(Member.find("order by ref").range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list(),
                    paging, total);
        }
        String where = "locate(?1, lower(ref)) > 0 or locate(?1, lower(name)) > 0";
        Paging paging = Paging.of(requested, Paging.SIZE, Member.count(where, like));
        return new Found(Member.find(where + " order by ref", like)
                .range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list(), paging, total);
    }

    /** Members whose ref or name contains {@code query} (case-insensitive), at most {@code limit}, by ref. */
    @Transactional
    public Page search(String query, int limit) {
        long total = Member.count();
        if (query == null || query.isBlank()) {
            return new Page(Member.find("order by ref").page(0, limit).list(), total);
        }
        return new Page(Member.find("locate(?1, lower(ref)) > 0 or locate(?1, lower(name)) > 0 order by ref", Paging.contains(query))
                .page(0, limit).list(), total);
    }
}
