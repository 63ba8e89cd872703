package org.cmoportal.error;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The domain keys the schema keeps unique, each with the refusal a person can act on. A service checks a key
 * before it writes, but two requests can both pass the check and then insert: the database's unique index
 * decides, and the loser gets SQLSTATE 23505 naming the constraint. That is a conflict (409), never an error
 * (500), and it reads like the check's own answer. Row-level security keeps the key's values out of the
 * database's message, so a service that knows them passes a subject ("2026-Q3") to name the conflict.
 */
public final class UniqueKeys {

    /** SQLSTATE unique_violation. */
    static final String UNIQUE_VIOLATION = "23505";

    public static final String PERIOD_LABEL = "period_tenant_id_label_key";
    public static final String STANDING_ATTESTATION = "attestation_live_uq";

    /** A key's refusal: a stable code and a message built from the subject, which may be null. */
    private record Key(String code, Function<String, String> message) {
    }

    /** Constraint name (as the schema's migrations create it) to refusal. */
    static final Map<String, Key> KEYS = Map.ofEntries(
            Map.entry("tenant_pkey", new Key("tenant-exists",
                    s -> "A tenant with the slug " + quoted(s, "you gave") + " already exists; choose another slug.")),
            Map.entry(PERIOD_LABEL, new Key("period-exists",
                    s -> "The period" + named(s, "with this label") + " already exists in this CMO. Open it from the list of"
                            + " periods, or choose another label.")),
            Map.entry("member_tenant_id_ref_key", new Key("member-exists",
                    s -> "A member with the ref " + quoted(s, "you gave") + " already exists in this CMO; refs are unique and"
                            + " compared exactly.")),
            Map.entry("category_tenant_id_key_key", new Key("category-exists",
                    s -> "The category" + named(s, "with this key") + " already exists in this CMO.")),
            Map.entry(STANDING_ATTESTATION, new Key("already-attested",
                    s -> "An attestation of" + named(s, "this filing by this evaluator") + " already stands; an evaluator"
                            + " attests a filing once. Reload the filing to see it.")),
            Map.entry("evaluator_trust_tenant_id_evaluator_id_key", new Key("already-trusted",
                    s -> "This CMO already trusts the evaluator" + named(s, "you named") + ".")),
            Map.entry("licence_tenant_id_builder_id_key", new Key("licence-exists",
                    s -> "The builder" + named(s, "you named") + " is already licensed by this CMO.")),
            Map.entry("builder_org_slug_key", new Key("builder-exists",
                    s -> "A builder organisation with the slug " + quoted(s, "you gave") + " already exists.")),
            Map.entry("evaluator_org_slug_key", new Key("evaluator-exists",
                    s -> "An evaluator organisation with the slug " + quoted(s, "you gave") + " already exists; choose another slug.")),
            Map.entry("mixture_commitment_builder_id_model_mixture_sha256_key", new Key("commitment-exists",
                    s -> "This mixture is already committed for the model" + named(s, "you named") + ".")),
            Map.entry("filing_idempotency_uq", new Key("idempotency-key-in-use",
                    s -> "The Idempotency-Key " + quoted(s, "you sent") + " was used by another submission at the same moment;"
                            + " send the request again to get that submission's answer.")),
            Map.entry("filing_tenant_id_period_id_builder_id_model_seq_key", new Key("concurrent-submission",
                    s -> "Another submission of the model" + named(s, "you filed") + " was stored at the same moment; look at"
                            + " your filings of the period, then resubmit if needed.")),
            Map.entry("distribution_run_current_uq", new Key("run-exists",
                    s -> "The period" + named(s, "") + " already has a distribution run; reload the period board.")),
            Map.entry("statement_tenant_id_period_id_member_ref_key", new Key("already-published",
                    s -> "The statements of the period" + named(s, "") + " are already published.")),
            Map.entry("dispute_one_open_per_line", new Key("dispute-open",
                    s -> "This line was disputed by another request at the same moment, and a line has one open dispute"
                            + " at a time; follow that dispute in your disputes.")));

    private UniqueKeys() {
    }

    /** The refusal for a taken key; {@code subject} names what conflicts (a label, a ref) or is null. */
    public static DomainException taken(String constraint, String subject) {
        Key key = constraint == null ? null : KEYS.get(constraint);
        if (key == null) {
            return DomainException.conflict("already-exists", "This was saved by someone else at the same moment, or it"
                    + " already exists; nothing was changed. Reload the page to see what is there now, then try again.");
        }
        return DomainException.conflict(key.code(), key.message().apply(subject));
    }

    /** The refusal for the unique violation inside {@code e}, if {@code e} is (or was caused by) one. */
    public static Optional<DomainException> refusal(Throwable e) {
        return violation(e).map(v -> taken(v.constraint(), null));
    }

    /**
     * Runs a write whose key the caller has checked: if a concurrent writer took {@code constraint} in between,
     * the answer is the one the check gives, naming {@code subject}. Anything else propagates unchanged.
     */
    public static <T> T guard(String constraint, String subject, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            Optional<Violation> v = violation(e);
            if (v.isPresent() && constraint.equals(v.get().constraint())) {
                throw taken(constraint, subject);
            }
            throw e;
        }
    }

    /** A unique violation found in a cause chain; {@code constraint} is null when the server named none. */
    record Violation(String constraint) {
    }

    static Optional<Violation> violation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // a batch reports the statement's own error as the next exception
            for (SQLException s = t instanceof SQLException sql ? sql : null; s != null; s = s.getNextException()) {
                if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                    ServerErrorMessage server = s instanceof PSQLException p ? p.getServerErrorMessage() : null;
                    return Optional.of(new Violation(server == null ? null : server.getConstraint()));
                }
            }
        }
        return Optional.empty();
    }

    /** " 2026-Q3", or " with this label" without a subject ("" when there is nothing to say). */
    private static String named(String subject, String otherwise) {
        String text = subject == null ? otherwise : subject;
        return text.isEmpty() ? "" : " " + text;
    }

    private static String quoted(String subject, String otherwise) {
        return subject == null ? otherwise : "'" + subject + "'";
    }
}
