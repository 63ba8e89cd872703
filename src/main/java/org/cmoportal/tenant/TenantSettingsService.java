package org.cmoportal.tenant;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.money.AmountFormatException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;

/** A CMO's administrators change its settings: the minimum payout, how long suspense is held, the dispute window. */
@ApplicationScoped
public class TenantSettingsService {

    static final String MINIMUM_PAYOUT = "minimumPayout";
    static final String SUSPENSE_HOLD_MONTHS = "suspenseHoldMonths";
    static final String DISPUTE_WINDOW_DAYS = "disputeWindowDays";
    static final Set<String> KEYS = Set.of(MINIMUM_PAYOUT, SUSPENSE_HOLD_MONTHS, DISPUTE_WINDOW_DAYS);

    static final int MAX_HOLD_MONTHS = 1200;
    static final int MAX_WINDOW_DAYS = 36500;

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenant;

    /** The entered tenant's settings. */
    @Transactional
    public TenantSettings settings() {
        return TenantSettings.of(current(false));
    }

    /**
     * Changes the settings named in {@code change} (the others stay), all or none; every problem is reported at once.
     * The tenant row is locked, so a payment run proposed at the same time sees the settings before or after, whole.
     */
    @Transactional
    public TenantSettings change(Map<String, ?> change) {
        if (change == null || change.isEmpty()) {
            throw DomainException.invalid("settings", "Give at least one of " + MINIMUM_PAYOUT + ", " + SUSPENSE_HOLD_MONTHS
                    + " or " + DISPUTE_WINDOW_DAYS + ".");
        }
        Tenant t = current(true);
        CurrencyUnit currency = CurrencyUnit.of(t.currency);
        List<Problem> problems = new ArrayList<>();
        for (String key : change.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(new Problem(key, "Not a setting; the settings are " + MINIMUM_PAYOUT + ", " + SUSPENSE_HOLD_MONTHS
                        + " and " + DISPUTE_WINDOW_DAYS + "."));
            }
        }
        Long minimum = change.containsKey(MINIMUM_PAYOUT) ? amount(change.get(MINIMUM_PAYOUT), currency, problems) : null;
        Integer hold = change.containsKey(SUSPENSE_HOLD_MONTHS)
                ? whole(SUSPENSE_HOLD_MONTHS, change.get(SUSPENSE_HOLD_MONTHS), MAX_HOLD_MONTHS, "months", problems) : null;
        Integer window = change.containsKey(DISPUTE_WINDOW_DAYS)
                ? whole(DISPUTE_WINDOW_DAYS, change.get(DISPUTE_WINDOW_DAYS), MAX_WINDOW_DAYS, "days", problems) : null;
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        TenantSettings before = TenantSettings.of(t);
        if (minimum != null) {
            t.minimumPayout = minimum;
        }
        if (hold != null) {
            t.suspenseHoldMonths = hold;
        }
        if (window != null) {
            t.disputeWindowDays = window;
        }
        TenantSettings after = TenantSettings.of(t);
        audit.record("tenant.settings", "tenant", t.id, map(before), map(after));
        return after;
    }

    private Tenant current(boolean lock) {
        Tenant t = lock ? Tenant.findById(tenant.tenantId(), LockModeType.PESSIMISTIC_WRITE) : Tenant.findById(tenant.tenantId());
        if (t == null) {
            throw DomainException.notFound("Tenant '" + tenant.tenantId() + "'");
        }
        return t;
    }

    private static Long amount(Object value, CurrencyUnit currency, List<Problem> problems) {
        String text = value instanceof String s ? s.strip() : value instanceof Number n ? n.toString() : null;
        if (text == null) {
            problems.add(new Problem(MINIMUM_PAYOUT, "Give an amount in " + currency.code() + " as a decimal string, for"
                    + " example \"" + Amounts.format(2_500L * pow10(currency.exponent()), currency) + "\" (0 pays every positive balance)."));
            return null;
        }
        try {
            return Amounts.parse(text, currency);
        } catch (AmountFormatException e) {
            problems.add(new Problem(MINIMUM_PAYOUT, e.getMessage() + "."));
            return null;
        }
    }

    private static long pow10(int exponent) {
        return BigInteger.TEN.pow(exponent).longValueExact();
    }

    private static Integer whole(String key, Object value, int max, String unit, List<Problem> problems) {
        Integer n = null;
        if (value instanceof Integer i) {
            n = i;
        } else if (value instanceof String s && s.strip().matches("[0-9]{1,9}")) {
            n = Integer.parseInt(s.strip());
        }
        if (n == null || n < 0 || n > max) {
            problems.add(new Problem(key, "Give a whole number of " + unit + " from 0 to " + max + "."));
            return null;
        }
        return n;
    }

    private static Map<String, Object> map(TenantSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MINIMUM_PAYOUT, s.minimumPayout());
        m.put(SUSPENSE_HOLD_MONTHS, s.suspenseHoldMonths());
        m.put(DISPUTE_WINDOW_DAYS, s.disputeWindowDays());
        return m;
    }
}
