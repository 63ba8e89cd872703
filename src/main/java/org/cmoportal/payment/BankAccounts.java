package org.cmoportal.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.member.MemberAccess;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;

/**
 * Members' bank accounts (economics.md, "Payment runs": an IBAN with its holder's name and an optional BIC), and the
 * CMO's own account that payments are made from. Every change is a new row and an audit entry; the IBAN is stored
 * encrypted ({@link PayeeCipher}) and shown masked, everywhere but in the bank files of an approved run.
 */
@ApplicationScoped
public class BankAccounts {

    static final int MAX_HOLDER = 70;

    /** A bank account as pages and answers show it: the IBAN masked; who changed it last, and when. */
    public record View(String ref, String accountHolder, String iban, String bic, Instant changedAt, String changedBy) {
    }

    /** That a member's bank account was changed by someone else: told on the member's home. */
    public record ChangeNotice(String ref, String on, String by) {
    }

    /** What a person typed: the IBAN with or without spaces, in any case; the BIC optional. */
    public record Entry(String accountHolder, String iban, String bic) {
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    PayeeCipher cipher;

    @Inject
    MemberAccess access;

    @Inject
    AuditLog audit;

    /** Puts a bank account on file for {@code ref}: by the member holding it, or an administrator. */
    @Transactional
    public View set(String ref, Entry entry) {
        access.holderOrAdmin(ref);
        Checked c = check(entry);
        Optional<View> before = current(ref);
        PayeeCipher.Sealed sealed = cipher.seal(c.iban().value(), PayeeCipher.memberBinding(tenant.tenantId(), ref));
        View after = sql.sql("""
                INSERT INTO bank_account (tenant_id, member_ref, account_holder, iban_ciphertext, iban_nonce, key_id, iban_masked, bic, changed_by)
                VALUES (:tenant, :ref, :holder, :ciphertext, :nonce, :key, :masked, :bic, :by)
                RETURNING member_ref, account_holder, iban_masked, bic, changed_at, changed_by""")
                .bind("ref", ref).bind("holder", c.holder()).bind("ciphertext", sealed.ciphertext()).bind("nonce", sealed.nonce())
                .bind("key", sealed.keyId()).bind("masked", c.iban().masked()).bind("bic", c.bic()).bind("by", access.actor())
                .single(BankAccounts::view);
        audit.record("payee.bank-account", "member", ref, before.map(BankAccounts::audited).orElse(null), audited(after));
        return after;
    }

    /** The name of the member holding {@code ref}, for the member or an administrator. */
    @Transactional
    public String memberName(String ref) {
        return access.holderOrAdmin(ref).name;
    }

    /** The account on file for {@code ref}, if any, for the member holding it or an administrator. */
    @Transactional
    public Optional<View> of(String ref) {
        access.holderOrAdmin(ref);
        return current(ref);
    }

    /** The latest account of each of these refs that has one (a member's own refs, for their home). */
    @Transactional
    public List<View> latest(Collection<String> refs) {
        if (refs.isEmpty()) {
            return List.of();
        }
        return sql.sql("""
                SELECT DISTINCT ON (member_ref) member_ref, account_holder, iban_masked, bic, changed_at, changed_by
                  FROM bank_account WHERE tenant_id = :tenant AND member_ref = ANY (:refs) ORDER BY member_ref, id DESC""")
                .bind("refs", refs.toArray(String[]::new)).list(BankAccounts::view);
    }

    /**
     * For each of the caller's own refs whose bank account was last changed by someone else (an administrator), who
     * did it and when: the member is told on their home, with a link to the account.
     */
    @Transactional
    public List<ChangeNotice> changedByOthers(Collection<String> refs, String username) {
        return latest(refs).stream().filter(v -> !v.changedBy().equals(username))
                .map(v -> new ChangeNotice(v.ref(), moment(v.changedAt()), v.changedBy())).toList();
    }

    /** An instant as views carry it (ISO), which pages write in the viewer's language with the time tag. */
    public static String moment(Instant at) {
        return org.cmoportal.web.Formats.iso(at);
    }

    Optional<View> current(String ref) {
        return sql.sql("""
                SELECT member_ref, account_holder, iban_masked, bic, changed_at, changed_by FROM bank_account
                 WHERE tenant_id = :tenant AND member_ref = :ref ORDER BY id DESC LIMIT 1""")
                .bind("ref", ref).one(BankAccounts::view);
    }

    /** The CMO's own account, the debtor of its payments: an administrator's. */
    @Transactional
    public View setDebtor(Entry entry) {
        if (!access.isAdmin()) {
            throw DomainException.notFound("The CMO's bank account");
        }
        Checked c = check(entry);
        Optional<View> before = debtor();
        PayeeCipher.Sealed sealed = cipher.seal(c.iban().value(), PayeeCipher.debtorBinding(tenant.tenantId()));
        View after = sql.sql("""
                INSERT INTO debtor_account (tenant_id, account_holder, iban_ciphertext, iban_nonce, key_id, iban_masked, bic, changed_by)
                VALUES (:tenant, :holder, :ciphertext, :nonce, :key, :masked, :bic, :by)
                RETURNING NULL, account_holder, iban_masked, bic, changed_at, changed_by""")
                .bind("holder", c.holder()).bind("ciphertext", sealed.ciphertext()).bind("nonce", sealed.nonce())
                .bind("key", sealed.keyId()).bind("masked", c.iban().masked()).bind("bic", c.bic()).bind("by", access.actor())
                .single(BankAccounts::view);
        audit.record("payee.debtor-account", "tenant", tenant.tenantId(), before.map(BankAccounts::audited).orElse(null),
                audited(after));
        return after;
    }

    /** The CMO's own account, masked, if it is on file. */
    @Transactional
    public Optional<View> debtor() {
        return sql.sql("""
                SELECT NULL, account_holder, iban_masked, bic, changed_at, changed_by FROM debtor_account
                 WHERE tenant_id = :tenant ORDER BY id DESC LIMIT 1""").one(BankAccounts::view);
    }

    /** The CMO's own account in clear, for a bank file. */
    Optional<Clear> debtorInClear() {
        return sql.sql("""
                SELECT account_holder, iban_ciphertext, iban_nonce, key_id, bic FROM debtor_account
                 WHERE tenant_id = :tenant ORDER BY id DESC LIMIT 1""")
                .one(r -> new Clear(r.getString(1), cipher.open(new PayeeCipher.Sealed(r.getString(4), r.getBytes(3), r.getBytes(2)),
                        PayeeCipher.debtorBinding(tenant.tenantId())), r.getString(5)));
    }

    /** An account as a bank file needs it. */
    record Clear(String accountHolder, String iban, String bic) {
    }

    /** The checked parts of an entry. */
    private record Checked(String holder, Iban iban, String bic) {
    }

    private static Checked check(Entry entry) {
        Entry e = entry == null ? new Entry(null, null, null) : entry;
        List<Problem> problems = new ArrayList<>();
        String holder = e.accountHolder() == null ? "" : e.accountHolder().strip();
        if (holder.isEmpty() || holder.length() > MAX_HOLDER) {
            problems.add(new Problem("accountHolder", "Give the account holder's name as the bank knows it (1 to "
                    + MAX_HOLDER + " characters)."));
        } else {
            PrintableText.check("accountHolder", holder).ifPresent(problems::add);
        }
        Optional<String> ibanProblem = Iban.check(e.iban());
        ibanProblem.ifPresent(p -> problems.add(new Problem("iban", p)));
        String bic = Bic.normalise(e.bic());
        Bic.check(bic).ifPresent(p -> problems.add(new Problem("bic", p)));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return new Checked(holder, Iban.parse(e.iban()), bic);
    }

    private static View view(ResultSet r) throws SQLException {
        return new View(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getTimestamp(5).toInstant(),
                r.getString(6));
    }

    /** What the audit log keeps of an account: never the IBAN itself. */
    private static Map<String, Object> audited(View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountHolder", v.accountHolder());
        m.put("iban", v.iban());
        if (v.bic() != null) {
            m.put("bic", v.bic());
        }
        return m;
    }
}
