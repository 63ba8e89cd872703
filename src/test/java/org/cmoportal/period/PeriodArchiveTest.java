package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A period archived and restored as ops/archive-period.sh does it in the database (short of pg_dump: the detached rows
 * are kept in a table of the test's and put back as pg_restore would), through V37's and V40's owner functions: both are
 * in the tenant's audit log and the chain verifies; while archived, a restatement is refused with 409, a line's trail is
 * 404 and "How?" says "Archived."; restored, every statement of the period reads as before. The period's ledger entries
 * leave with it, carried per member: balances, the conservation check and a payment run's proposal are the same
 * before, while and after it is archived.
 */
@QuarkusTest
class PeriodArchiveTest {

    static final String T = "archives";
    static Cmo cmo;

    /** The original filing, as the builder restates it (the same model and figures, PeriodWorkflowApiTest.worked). */
    private static final String FILING = """
            {"model": "%s", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
             "postTrainingCost": "100000.00", "dataValueShare": "0.30",
             "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}""";

    @BeforeEach
    void setUp() {
        cmo = Cmo.once(T, List.of("alice", "bob", "carol"));
    }

    private static long distributed(String label, String model) {
        long filing = cmo.closedWithAcceptedFiling(label, PeriodWorkflowApiTest.worked(model, "0.30")).id();
        cmo.post("nadia", label, "calculate").then().statusCode(200);
        cmo.post("noah", label, "approve").then().statusCode(200);
        cmo.post("noah", label, "distribute").then().statusCode(200);
        return filing;
    }

    private static long periodId(String label) {
        return OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = ?", T, label);
    }

    private static JsonPath chain() {
        return cmo.api("nadia").get("/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    /** The period's statements through the API, by ref: their totals and lines as an administrator reads them. */
    private static Map<String, String> statements(String label) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = OwnerSql.connect()) {
            for (String ref : OwnerSql.strings(c, "SELECT s.member_ref FROM statement s JOIN period p ON p.id = s.period_id"
                    + " WHERE p.tenant_id = ? AND p.label = ? ORDER BY s.member_ref", T, label)) {
                out.put(ref, cmo.api("noah").get("/periods/" + label + "/statements/" + ref).then().statusCode(200)
                        .extract().asString());
            }
        }
        return out;
    }

    /**
     * ops/archive-period.sh archive after its checks: detach (the ledger's entries with V40's account_entries_detached,
     * which carries them), dump (here: keep the rows aside), then the drop.
     */
    private static long[] archive(long period, String file) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            for (String table : List.of("filing_usage", "run_line")) {
                OwnerSql.update(c, "ALTER TABLE " + table + " DETACH PARTITION " + table + "_p" + period);
                OwnerSql.update(c, "CREATE TABLE kept_" + table + "_p" + period + " AS SELECT * FROM " + table + "_p" + period);
            }
            long carried = OwnerSql.number(c, "SELECT account_entries_detached(?, ?)", T, period);
            OwnerSql.update(c, "CREATE TABLE kept_account_entry_p" + period + " AS SELECT * FROM account_entry_p" + period);
            try (var st = OwnerSql.prepare(c, "SELECT usage_rows, line_rows, ledger_entries FROM archive_period_drop(?, ?, ?, 'ops:tester')",
                    T, period, file); var rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(3)).as("ledger entries dropped, as carried").isEqualTo(carried);
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    /**
     * ops/archive-period.sh restore: the tables back as pg_restore makes them (here from the rows kept aside, and with a
     * grant to the app role that a careless restore could bring), then V37's attach.
     */
    private static void restore(long period) throws SQLException {
        restore(period, false);
    }

    /**
     * {@code usageRowPerPair}: the usage as an archive dumped before V49 holds it, a row per (category, ref) pair, with
     * the policy and the forced row-level security the dump brings along.
     */
    private static void restore(long period, boolean usageRowPerPair) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            for (String table : List.of("filing_usage", "run_line")) {
                String part = table + "_p" + period;
                if (usageRowPerPair && table.equals("filing_usage")) {
                    OwnerSql.update(c, "CREATE TABLE " + part + " (filing_id bigint NOT NULL, tenant_id text NOT NULL,"
                            + " category_key text NOT NULL, member_ref text NOT NULL, units bigint NOT NULL CHECK (units > 0),"
                            + " period_id bigint NOT NULL, CHECK (period_id = " + period + "))");
                    OwnerSql.update(c, "INSERT INTO " + part + " SELECT k.filing_id, k.tenant_id, k.category_key, p.member_ref,"
                            + " p.units, k.period_id FROM kept_" + part + " k, unnest(k.member_refs, k.units) AS p (member_ref, units)");
                    OwnerSql.update(c, "ALTER TABLE " + part + " ENABLE ROW LEVEL SECURITY");
                    OwnerSql.update(c, "ALTER TABLE " + part + " FORCE ROW LEVEL SECURITY");
                    OwnerSql.update(c, "CREATE POLICY tenant_isolation ON " + part
                            + " USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())");
                    OwnerSql.update(c, "DROP TABLE kept_" + part);
                    OwnerSql.update(c, "GRANT SELECT ON " + part + " TO cmo_app");
                    continue;
                }
                // a period's run lines are partitioned by run, a table per run (V38), as the dump holds them
                boolean byRun = table.equals("run_line");
                OwnerSql.update(c, "CREATE TABLE " + part + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
                        + " CHECK (period_id = " + period + "))" + (byRun ? " PARTITION BY LIST (run_id)" : ""));
                if (byRun) {
                    for (String run : OwnerSql.strings(c, "SELECT DISTINCT run_id::text FROM kept_" + part)) {
                        String runTable = part + "_r" + run;
                        OwnerSql.update(c, "CREATE TABLE " + runTable + " (LIKE " + part + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
                                + " CHECK (run_id = " + run + "))");
                        OwnerSql.update(c, "ALTER TABLE " + part + " ATTACH PARTITION " + runTable + " FOR VALUES IN (" + run + ")");
                        OwnerSql.update(c, "GRANT SELECT ON " + runTable + " TO cmo_app");
                    }
                }
                OwnerSql.update(c, "INSERT INTO " + part + " SELECT * FROM kept_" + part);
                OwnerSql.update(c, "DROP TABLE kept_" + part);
                OwnerSql.update(c, "GRANT SELECT ON " + part + " TO cmo_app");
            }
            // the ledger's entries as the dump holds them: their period's check, with no trigger (the detach dropped
            // the ones the ledger gave them) and a stray grant
            String entries = "account_entry_p" + period;
            OwnerSql.update(c, "CREATE TABLE " + entries + " (LIKE account_entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
                    + " CONSTRAINT account_entry_period_key_is CHECK (period_key = " + period + "))");
            OwnerSql.update(c, "INSERT INTO " + entries + " SELECT * FROM kept_" + entries);
            OwnerSql.update(c, "DROP TABLE kept_" + entries);
            OwnerSql.update(c, "GRANT SELECT ON " + entries + " TO cmo_app");
            OwnerSql.number(c, "SELECT usage_rows FROM archive_period_attach(?, ?, 'ops:tester')", T, period);
        }
    }

    /**
     * What the tenant's members are owed and paid, as the application reads it: each member's balance (API), the
     * conservation check (API), the balances report (CSV) and what a payment run would pay or carry now (a proposal:
     * no member has a bank account here, so each positive balance is carried, with its amount).
     */
    private static Map<String, String> ledger() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String ref : List.of("alice", "bob", "carol")) {
            out.put(ref, cmo.api("noah").get("/members/" + ref + "/account?size=1").then().statusCode(200).extract().jsonPath()
                    .getString("balance"));
        }
        out.put("conservation", cmo.api("noah").get("/conservation").then().statusCode(200).extract().asString());
        out.put("balances", Cmo.as("noah").get("/t/" + T + "/admin/balances/csv").then().statusCode(200).extract().asString());
        JsonPath run = cmo.api("nadia").post("/payment-runs").then().statusCode(201).extract().jsonPath();
        out.put("run", run.getString("total") + " paid to " + run.getInt("coveredCount") + ", " + run.getString("carriedTotal")
                + " carried for " + run.getInt("carriedCount"));
        return out;
    }

    /** The figures above an account page, by label. */
    private static Map<String, String> figures(String page) {
        return Html.figures(Jsoup.parse(page));
    }

    /** Alice's account page, as an administrator reads it. */
    private static String aliceAccount() {
        return Cmo.as("noah").get("/t/" + T + "/admin/accounts/alice").then().statusCode(200).extract().asString();
    }

    private static Response restate(long filing, String label, String model) {
        return DevTokens.as("bruno").redirects().follow(false)
                .multiPart("filing", "filing.json", FILING.formatted(model).getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", "category,member_ref,units\nnews,alice,4\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("reason", "Alice's usage was under-reported")
                .post("/api/v1/tenants/{t}/periods/{p}/filings/{id}/restatements", T, label, filing);
    }

    @Test
    void archivingAndRestoringAreAuditedAndTheRoundTripLeavesEveryStatementAsItWas() throws SQLException {
        String label = "arch-round-trip";
        long filing = distributed(label, "m-arch-round-trip");
        long period = periodId(label);
        long usage = OwnerSql.number("SELECT sum(cardinality(member_refs)) FROM filing_usage_p" + period);
        long lines = OwnerSql.number("SELECT count(*) FROM run_line_p" + period);
        Map<String, String> before = statements(label);
        assertThat(before).containsKeys("alice", "bob", "carol");
        assertThat(before.get("alice")).contains("m-arch-round-trip");
        long alice = OwnerSql.number("SELECT s.id FROM statement s WHERE s.tenant_id = ? AND s.period_id = ? AND s.member_ref = 'alice'",
                T, period);
        long aliceLine = OwnerSql.number("SELECT min(id) FROM statement_line WHERE tenant_id = ? AND statement_id = ?", T, alice);
        String trail = "/t/" + T + "/admin/statements/" + alice + "/lines/" + aliceLine;
        Cmo.as("nadia").get(trail).then().statusCode(200);
        // the ledger beyond the distribution: an adjustment landing in the period (kept with it) and a payment (kept
        // with no period), so that the carried totals are more than the EARNED entries
        OwnerSql.execute("INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)"
                + " VALUES (?, 'alice', 'ADJUSTED', -150, ?, 'dispute', ?, 'A line was counted twice', ?)", T, period, 900_000 + period, period);
        OwnerSql.execute("INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)"
                + " VALUES (?, 'bob', 'PAID', -100, 'payment_run', ?, 'Payment run by the test')", T, 900_000 + period);
        long ledgerEntries = OwnerSql.number("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND period_key = ?", T, period);
        long aliceTotal = OwnerSql.number("SELECT sum(amount) FROM account_entry WHERE tenant_id = ? AND period_key = ? AND member_ref = 'alice'",
                T, period);
        Map<String, String> ledgerBefore = ledger();
        assertThat(aliceAccount()).doesNotContain("Archived period");
        Map<String, String> figuresBefore = figures(aliceAccount());
        assertThat(figuresBefore).containsEntry("adjusted by corrections", "-1.50");
        JsonPath chainBefore = chain();
        assertThat(chainBefore.getBoolean("intact")).isTrue();
        long entries = chainBefore.getLong("entries");

        // archived: recorded, dropped and audited in one call
        assertThat(archive(period, T + "-" + label + "-" + period + ".dump")).containsExactly(usage, lines, ledgerEntries);
        assertThat(OwnerSql.number("SELECT count(*) FROM archived_period WHERE tenant_id = ? AND period_id = ? AND usage_rows = ?"
                + " AND line_rows = ?", T, period, usage, lines)).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_class WHERE relname IN (?, ?, ?)", "filing_usage_p" + period,
                "run_line_p" + period, "account_entry_p" + period)).as("the period's partitions, dropped").isZero();
        JsonPath archived = chain();
        assertThat(archived.getBoolean("intact")).as(archived.prettify()).isTrue();
        assertThat(archived.getLong("entries")).isEqualTo(entries + 1);
        JsonPath entry = cmo.api("nadia").get("/audit").then().statusCode(200).extract().jsonPath();
        assertThat(entry.getString("entries[0].action")).isEqualTo("period.archive");
        assertThat(entry.getString("entries[0].actor")).isEqualTo("ops:tester");
        assertThat(entry.getString("entries[0].objectId")).isEqualTo(String.valueOf(period));
        assertThat(entry.getString("entries[0].after")).contains("\"archiveFile\": \"" + T + "-" + label + "-" + period + ".dump\"",
                "\"usageRows\": " + usage, "\"lineRows\": " + lines, "\"ledgerEntries\": " + ledgerEntries);
        // the ledger: the period's entries are gone, their totals carried, and every balance, the conservation check and
        // a payment run read exactly as before (read after the audit log's checks: a proposal is audited too)
        assertThat(OwnerSql.number("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND period_id = ? AND kind IN ('EARNED', 'ADJUSTED')",
                T, period)).isZero();
        assertThat(OwnerSql.number("SELECT sum(entries) FROM account_archived_total WHERE tenant_id = ? AND period_id = ?", T, period))
                .isEqualTo(ledgerEntries);
        assertThat(ledger()).isEqualTo(ledgerBefore);
        // the member's account shows the period's entries as one line, with their total
        assertThat(aliceAccount()).contains("Archived period", "Archived: the 2 entries of " + label + ", kept as one total");
        // the figures above the account too: the archived total counts as the earnings and the adjustment it carries
        assertThat(figures(aliceAccount())).isEqualTo(figuresBefore);
        JsonPath archivedLine = cmo.api("noah").get("/members/alice/account?q=archived").then().statusCode(200).extract().jsonPath();
        assertThat(archivedLine.getList("entries")).hasSize(1);
        assertThat(archivedLine.getString("entries[0].kind")).isEqualTo("ARCHIVED");
        assertThat(archivedLine.getString("entries[0].amount")).isEqualTo(Amounts.format(aliceTotal, CurrencyUnit.of("USD")));
        assertThat(archivedLine.getString("entries[0].period")).isEqualTo(label);

        // while archived: a restatement waits for the restore, a line's trail is gone, "How?" says why there are no lines
        Response refused = restate(filing, label, "m-arch-round-trip");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("archived");
        assertThat(refused.asString()).contains("were archived on", "restore them from the archive first").doesNotContain("Exception");
        assertThat(OwnerSql.number("SELECT count(*) FROM restatement WHERE tenant_id = ? AND period_id = ?", T, period)).isZero();
        Cmo.as("nadia").get(trail).then().statusCode(404);
        String how = memberHow(alice);
        assertThat(how).contains("Archived.", "The lines of " + label + " were archived on")
                .doesNotContain("no builder reported usage");
        // the page keeps the total and drops the sums over lines it no longer has (they would read 0 and minus the total)
        assertThat(memberPage(alice)).contains("Archived.", "Distributed to you").doesNotContain("Your share before the CMO's fee")
                .doesNotContain("Administration fee of");
        // the API says so too: a program reading no lines can tell an archived period from one without usage
        Map<String, String> whileArchived = statements(label);
        assertThat(whileArchived.keySet()).isEqualTo(before.keySet());
        for (String ref : whileArchived.keySet()) {
            JsonPath statement = JsonPath.from(whileArchived.get(ref));
            assertThat(statement.getList("lines")).as(ref).isEmpty();
            assertThat(statement.getString("archivedOn")).as(ref).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(statement.getString("total")).as(ref).isEqualTo(JsonPath.from(before.get(ref)).getString("total"));
        }
        assertThat(before.values()).allSatisfy(answer -> assertThat(answer).doesNotContain("archivedOn"));
        // the statement's downloads say it too, with its total: no lines and no word would read as no usage
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String total = JsonPath.from(before.get("alice")).getString("total");
        String cmoName;
        try (Connection c = OwnerSql.connect()) {
            cmoName = OwnerSql.strings(c, "SELECT name FROM tenant WHERE id = ?", T).get(0);
        }
        String note = "The lines of " + label + " were archived on " + today + ": the total distributed to you stands, and your"
                + " account keeps it; the lines themselves are no longer kept here. Ask " + cmoName + " for them if you need them.";
        String csv = Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + alice + "/csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().toList()).as(csv).containsSubsequence(
                "tenant,period,member_ref,builder,model,category,units,category_units,amount,currency", "",
                "tenant,period,member_ref,archived_on,total,currency,note",
                T + "," + label + ",alice," + today + "," + total + ",USD,\"" + note + "\"");
        String apiCsv = cmo.api("noah").accept("text/csv").get("/periods/" + label + "/statements/alice").then().statusCode(200)
                .extract().asString();
        assertThat(apiCsv.lines().toList()).as(apiCsv).contains(T + "," + label + ",alice," + today + "," + total + ",USD,\"" + note + "\"");
        byte[] pdf = Cmo.as("nadia").get("/t/" + T + "/admin/statements/" + alice + "/pdf").then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Archived. The lines of " + label + " were archived on", "Ask " + cmoName + " for them",
                    "Distributed to you " + String.format(java.util.Locale.US, "%,.2f", new java.math.BigDecimal(total)) + " USD")
                    .doesNotContain("No builder reported usage")
                    // the share before the fee and the fee are the lines' sums: with the lines gone they would read 0 and minus the total
                    .doesNotContain("Administration fee");
            // one wording in the three: the page's notice and the PDF say the CSV's note, with the day in the reader's language
            org.jsoup.nodes.Element notice = Jsoup.parse(memberPage(alice)).selectFirst(".status .notice");
            String day = notice.selectFirst("time").text();
            assertThat(notice.selectFirst("time").attr("datetime")).isEqualTo(today);
            assertThat(notice.text()).isEqualTo("Archived. " + note.replace(today, day));
            assertThat(text).contains("Archived. " + note.replace(today, day));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the app cannot archive or restore a period itself: the functions are the owner's
        for (String call : List.of("SELECT * FROM archive_period_drop('" + T + "', " + period + ", 'x.dump', 'app')",
                "SELECT * FROM archive_period_attach('" + T + "', " + period + ", 'app')")) {
            assertThatThrownBy(() -> {
                try (Connection app = OwnerSql.app(T)) {
                    app.createStatement().execute(call);
                }
            }).as(call).hasMessageContaining("permission denied");
        }

        // restored: every statement as before, the partitions closed to the app again, and the chain verifies (the
        // proposals read above are in it too)
        long beforeRestore = chain().getLong("entries");
        restore(period);
        assertThat(statements(label)).isEqualTo(before);
        Cmo.as("nadia").get(trail).then().statusCode(200);
        assertThat(memberHow(alice)).doesNotContain("Archived.").contains("m-arch-round-trip");
        assertThat(memberPage(alice)).contains("Your share before the CMO's fee", "Administration fee of").doesNotContain("Archived.");
        assertThat(OwnerSql.number("SELECT count(*) FROM archived_period WHERE tenant_id = ? AND period_id = ?", T, period)).isZero();
        for (String part : List.of("filing_usage_p" + period, "run_line_p" + period, "account_entry_p" + period)) {
            assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits WHERE inhrelid = ?::regclass", part)).as("%s attached", part)
                    .isEqualTo(1);
            assertThat(OwnerSql.number("SELECT count(*) FROM pg_class WHERE oid = ?::regclass AND relrowsecurity AND relforcerowsecurity"
                    + " AND NOT has_table_privilege('cmo_app', oid, 'SELECT')", part)).as("%s closed to the app", part).isEqualTo(1);
            // and every table under it: the run's table the stray grant above reached too
            assertThat(OwnerSql.number("SELECT count(*) FROM pg_partition_tree(?::regclass) t JOIN pg_class c ON c.oid = t.relid"
                    + " WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity) OR has_table_privilege('cmo_app', c.oid, 'SELECT')", part))
                    .as("tables under %s open to the app", part).isZero();
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_partition_tree(?::regclass) WHERE isleaf AND level = 1", "run_line_p" + period))
                .as("the period's run lines in a table per run").isGreaterThan(0);
        JsonPath restored = chain();
        assertThat(restored.getBoolean("intact")).as(restored.prettify()).isTrue();
        assertThat(restored.getLong("entries")).isEqualTo(beforeRestore + 1);
        JsonPath last = cmo.api("nadia").get("/audit").then().statusCode(200).extract().jsonPath();
        assertThat(last.getString("entries[0].action")).isEqualTo("period.restore");
        assertThat(last.getString("entries[0].before")).contains("\"usageRows\": " + usage);
        assertThat(last.getString("entries[0].after")).contains("\"usageRows\": " + usage, "\"lineRows\": " + lines,
                "\"ledgerEntries\": " + ledgerEntries);
        // the restored entries are the ledger's again: append-only, as every entry
        assertThatThrownBy(() -> OwnerSql.execute("DELETE FROM account_entry WHERE tenant_id = ? AND period_key = ?", T, period))
                .hasMessageContaining("account_entry is append-only");
        assertThatThrownBy(() -> OwnerSql.execute("TRUNCATE account_entry_p" + period)).hasMessageContaining("account_entry is append-only");
        // and the ledger reads as it did before the archive, the period's entries listed one by one again
        assertThat(ledger()).isEqualTo(ledgerBefore);
        assertThat(aliceAccount()).doesNotContain("Archived period").contains("A line was counted twice");
        assertThat(OwnerSql.number("SELECT count(*) FROM account_archived_total WHERE tenant_id = ? AND period_id = ?", T, period)).isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM account_archived_cause WHERE tenant_id = ? AND period_id = ?", T, period)).isZero();
        // and a restatement is taken again
        Response taken = restate(filing, label, "m-arch-round-trip");
        assertThat(taken.statusCode()).as(taken.asString()).isEqualTo(201);
    }

    /**
     * An archive dumped before V49 holds the period's usage a row per pair: the restore stores it in blocks, as the
     * table now is, with every pair as it was, counted alike in the audit log, closed to the app as every partition.
     */
    @Test
    void anArchiveDumpedWithAUsageRowPerPairIsRestoredInBlocksWithEveryPair() throws SQLException {
        String label = "arch-rows";
        distributed(label, "m-arch-rows");
        long period = periodId(label);
        String pairsOf = "SELECT filing_id || ' ' || category_key || ' ' || member_ref || ' ' || units FROM filing_usage_pair"
                + " WHERE tenant_id = ? AND period_id = ? ORDER BY 1";
        List<String> pairs;
        try (Connection c = OwnerSql.connect()) {
            pairs = OwnerSql.strings(c, pairsOf, T, period);
        }
        assertThat(pairs).isNotEmpty().anySatisfy(p -> assertThat(p).contains(" alice "));
        Map<String, String> before = statements(label);
        archive(period, T + "-" + label + ".dump");

        restore(period, true);

        String part = "filing_usage_p" + period;
        try (Connection c = OwnerSql.connect()) {
            assertThat(OwnerSql.strings(c, pairsOf, T, period)).isEqualTo(pairs);
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_attribute WHERE attrelid = ?::regclass AND attname = 'member_refs'", part))
                .as("in blocks").isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_class WHERE relname = ?", "filing_usage_rows_p" + period))
                .as("the rows set aside, dropped").isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_inherits WHERE inhrelid = ?::regclass", part)).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM pg_class WHERE oid = ?::regclass AND relrowsecurity AND relforcerowsecurity"
                + " AND NOT has_table_privilege('cmo_app', oid, 'SELECT')", part)).as("closed to the app").isEqualTo(1);
        JsonPath last = cmo.api("nadia").get("/audit").then().statusCode(200).extract().jsonPath();
        assertThat(last.getString("entries[0].action")).isEqualTo("period.restore");
        assertThat(last.getString("entries[0].after")).contains("\"usageRows\": " + pairs.size());
        assertThat(statements(label)).isEqualTo(before);
    }

    @Test
    void aPeriodStillAttachedOrNotDistributedIsNotDroppedAndNothingIsAudited() throws SQLException {
        distributed("arch-attached", "m-arch-attached");
        long attached = periodId("arch-attached");
        cmo.open("arch-open");
        long open = periodId("arch-open");
        long entries = chain().getLong("entries");
        try (Connection c = OwnerSql.connect()) {
            assertThatThrownBy(() -> OwnerSql.number(c, "SELECT usage_rows FROM archive_period_drop(?, ?, 'a.dump', 'ops:tester')",
                    T, attached)).hasMessageContaining("is still attached: detach and dump it first");
            assertThatThrownBy(() -> OwnerSql.number(c, "SELECT usage_rows FROM archive_period_drop(?, ?, 'a.dump', 'ops:tester')",
                    T, open)).hasMessageContaining("is OPEN: only a distributed period is archived");
            assertThatThrownBy(() -> OwnerSql.number(c, "SELECT usage_rows FROM archive_period_attach(?, ?, 'ops:tester')",
                    T, attached)).hasMessageContaining("is not archived");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM run_line_p" + attached)).isPositive();
        assertThat(OwnerSql.number("SELECT count(*) FROM archived_period WHERE tenant_id = ? AND period_id IN (?, ?)", T, attached, open))
                .isZero();
        assertThat(chain().getLong("entries")).isEqualTo(entries);
    }

    /** Alice's statement page, as alice holding the ref. */
    private static String memberPage(long statement) {
        memberHow(statement);
        return Cmo.as("alice").accept(ContentType.HTML).get("/t/" + T + "/statements/" + statement).then().statusCode(200)
                .extract().asString();
    }

    /** Alice's "How?" page of her statement, as alice holding the ref. */
    private static String memberHow(long statement) {
        OwnerSql.execute("INSERT INTO app_user (username) VALUES ('alice') ON CONFLICT (username) DO NOTHING");
        OwnerSql.execute("INSERT INTO affiliation (user_id, kind, tenant_id, member_ref) SELECT id, 'MEMBER', ?, 'alice'"
                + " FROM app_user WHERE username = 'alice' AND NOT EXISTS (SELECT 1 FROM affiliation a WHERE a.user_id = app_user.id"
                + " AND a.kind = 'MEMBER' AND a.tenant_id = ? AND a.member_ref = 'alice')", T, T);
        return Cmo.as("alice").accept(ContentType.HTML).get("/t/" + T + "/statements/" + statement + "/how").then().statusCode(200)
                .extract().asString();
    }
}
