package org.cmoportal.builder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmoportal.testsupport.DevTokens.as;
import static org.cmoportal.testsupport.DevTokens.page;

import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * What a builder owes per period and what the CMO recorded as received: the administrator records receipts (page
 * and API, audited, one administrator, append-only), the builder and the administrator read owed, received and
 * outstanding.
 */
@QuarkusTest
class BuilderReceiptsTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");

    /** A day the money had arrived by: receipts dated in the future are refused. */
    static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(10).toString();

    String tenant;
    long owed;

    /** A CMO of its own with one distributed period in which acme-ai (bruno) owes the tenant gross of its filing. */
    @BeforeEach
    void setUp() {
        tenant = Unique.name("rcpt");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Receipts Guild " + tenant, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        for (String admin : List.of("nadia", "noah")) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("username", admin)).post("/api/v1/tenants/" + tenant + "/admins")
                    .then().statusCode(201);
        }
        api("nadia").contentType(ContentType.JSON).body(Map.of("ref", "alice", "name", "Alice")).post("/members").then().statusCode(201);
        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", tenant, "acme-ai");
        for (String p : List.of("2027-Q1", "2027-Q2")) {
            api("nadia").contentType(ContentType.JSON).body(Map.of("label", p)).post("/periods").then().statusCode(201);
        }
        long id = Filings.submit("bruno", tenant, "2027-Q1", null, new Filings.Filing("receipt-model", "USD", "1250000.00",
                "400000.00", "100000.00", "0.30", Map.of("news", "0.25", "other", "0.75"), null, List.of(new Filings.Line("news", "alice", 1))));
        api("nadia").post("/periods/2027-Q1/close").then().statusCode(200);
        api("nadia").contentType(ContentType.JSON).body(Map.of()).post("/periods/2027-Q1/filings/" + id + "/accept").then().statusCode(200);
        api("nadia").post("/periods/2027-Q1/calculate").then().statusCode(200);
        api("noah").post("/periods/2027-Q1/approve").then().statusCode(200);
        api("nadia").post("/periods/2027-Q1/distribute").then().statusCode(200);
        owed = Amounts.parse(api("nadia").get("/periods/2027-Q1/distribution").then().extract().path("tenantGross"), USD);
    }

    @Test
    void anAdministratorRecordsReceiptsAndBothSidesSeeWhatIsOutstanding() {
        // the page's form, as a browser posts it
        page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("builder", "acme-ai").formParam("period", "2027-Q1").formParam("amount", "1000.00")
                .formParam("receivedOn", DAY).formParam("reference", "BANK-REF-1")
                .post(Routes.receipts(tenant)).then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith(Routes.dues(tenant) + "?notice=recorded"));
        // the API, for a payment ahead of the next period's distribution
        api("noah").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "period", "2027-Q2", "amount", "50.00",
                "receivedOn", DAY, "reference", "BANK-REF-2")).post("/builder-receipts").then().statusCode(201)
                .body("amount", org.hamcrest.Matchers.equalTo("50.00")).body("recordedBy", org.hamcrest.Matchers.equalTo("noah"));

        Document dues = Jsoup.parse(as("nadia").get(Routes.dues(tenant) + "?notice=recorded").then().statusCode(200).extract().asString());
        assertThat(dues.select(".notice").text()).isEqualTo("The receipt was recorded.");
        Element acme = dues.select("section.card").stream().filter(s -> s.select("h2").text().startsWith("Acme AI")).findFirst().orElseThrow();
        List<String> q1 = acme.select("table.dues tbody tr").stream().filter(r -> r.text().startsWith("2027-Q1")).findFirst()
                .orElseThrow().select("td.num").eachText();
        assertThat(q1).containsExactly("1", m(owed), m(100000), m(owed - 100000));
        // the payment ahead counts against what is outstanding: owed for distributed periods minus everything received
        assertThat(acme.select(".outstanding").text()).isEqualTo(m(owed - 100000 - 5000));
        assertThat(dues.select("table.receipts tbody tr")).hasSize(2);
        // the days in the viewer's language, the ISO day for machines
        Document german = Jsoup.parse(as("nadia").header("Accept-Language", "de-DE,de;q=0.9").get(Routes.dues(tenant)).then()
                .statusCode(200).extract().asString());
        assertThat(german.select("table.receipts tbody time").eachAttr("datetime")).containsOnly(DAY);
        assertThat(german.selectFirst("table.receipts tbody time").text()).matches("\\d{2}\\.\\d{2}\\.\\d{4}");

        // the builder reads the same on its home
        Document home = Jsoup.parse(as("bruno").get("/builder").then().statusCode(200).extract().asString());
        Element cmo = home.select("section.card").stream().filter(s -> s.select("h2").text().equals("Receipts Guild " + tenant))
                .findFirst().orElseThrow();
        assertThat(cmo.select("table.dues tbody tr").stream().filter(r -> r.text().startsWith("2027-Q1")).findFirst().orElseThrow()
                .select("td.num").eachText()).containsExactly(m(owed), m(100000), m(owed - 100000));
        assertThat(cmo.text()).contains("BANK-REF-1", "BANK-REF-2");

        // audited, in the tenant's chain; append-only like the ledger
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'builder.receipt'", tenant)).isEqualTo(2);
        assertThatThrownBy(() -> OwnerSql.execute("UPDATE builder_receipt SET amount = 1 WHERE tenant_id = ?", tenant))
                .hasMessageContaining("append-only");
    }

    @Test
    void theBuildersHomeListsTheLatestDuesAndReceiptsAndLinksToEveryPeriod() {
        for (int i = 1; i <= 6; i++) {
            String period = "2028-P" + i;
            api("nadia").contentType(ContentType.JSON).body(Map.of("label", period)).post("/periods").then().statusCode(201);
            api("nadia").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "period", period, "amount", i + ".00",
                    "receivedOn", DAY, "reference", "AHEAD-" + i)).post("/builder-receipts").then().statusCode(201);
        }
        api("nadia").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "period", "2027-Q2", "amount", "7.00",
                "receivedOn", DAY, "reference", "AHEAD-7")).post("/builder-receipts").then().statusCode(201);
        // a rejected filing in 2027-Q2 and in each 2028 period, every one of them closed: seven rejections, eight
        // earlier periods; then one period open
        for (String period : List.of("2027-Q2", "2028-P1", "2028-P2", "2028-P3", "2028-P4", "2028-P5", "2028-P6")) {
            long id = Filings.submit("bruno", tenant, period, null, new Filings.Filing("rejected-" + period, "USD", "1250000.00",
                    "400000.00", "100000.00", "0.30", Map.of("news", "0.25", "other", "0.75"), null, List.of(new Filings.Line("news", "alice", 1))));
            api("nadia").post("/periods/" + period + "/close").then().statusCode(200);
            api("nadia").contentType(ContentType.JSON).body(Map.of("reason", "Wrong figures for " + period))
                    .post("/periods/" + period + "/filings/" + id + "/reject").then().statusCode(200);
        }
        api("nadia").contentType(ContentType.JSON).body(Map.of("label", "2029-A")).post("/periods").then().statusCode(201);
        // and three filings in it: eleven filings in all
        for (int i = 1; i <= 3; i++) {
            Filings.submit("bruno", tenant, "2029-A", null, new Filings.Filing("open-" + i, "USD", "1250000.00", "400000.00",
                    "100000.00", "0.30", Map.of("news", "0.25", "other", "0.75"), null, List.of(new Filings.Line("news", "alice", 1))));
        }

        Document home = Jsoup.parse(as("bruno").get("/builder").then().statusCode(200).extract().asString());
        Element cmo = home.select("section.card").stream().filter(s -> s.select("h2").text().equals("Receipts Guild " + tenant))
                .findFirst().orElseThrow();
        // 2027-Q1 (owed), 2027-Q2 and the six 2028 periods (received ahead): the latest six, newest first
        assertThat(cmo.select("table.dues tbody tr td:first-child").eachText().stream().map(t -> t.split(" ")[0]).toList())
                .containsExactly("2028-P6", "2028-P5", "2028-P4", "2028-P3", "2028-P2", "2028-P1");
        assertThat(cmo.text()).contains("The latest 6 of 8 periods", "(the latest 6 of 7)", "ref AHEAD-7").doesNotContain("ref AHEAD-1)");
        assertThat(cmo.select("a[href=" + Routes.builderStatements(tenant) + "]")).isNotEmpty();
        // the latest ten of the eleven filings, latest period first; 2027-Q1's is only counted
        assertThat(cmo.select("table.filings tbody tr")).hasSize(10);
        assertThat(cmo.select("table.filings tbody tr td:first-child").eachText()).doesNotContain("2027-Q1").startsWith("2029-A");
        assertThat(cmo.select("a[href=" + Routes.builderFilings(tenant) + "]").text()).startsWith("All 11 filings with");
        // the open period alone is offered for filing
        assertThat(cmo.select("a.badge.state-OPEN").eachText()).containsExactly("File for 2029-A");
        // the latest six of seven rejections, latest period first; 2027-Q2's is only counted
        assertThat(cmo.select("p.notice.error").eachText()).containsExactly(
                "Filing rejected-2028-P6 #1 for 2028-P6 was rejected: Wrong figures for 2028-P6",
                "Filing rejected-2028-P5 #1 for 2028-P5 was rejected: Wrong figures for 2028-P5",
                "Filing rejected-2028-P4 #1 for 2028-P4 was rejected: Wrong figures for 2028-P4",
                "Filing rejected-2028-P3 #1 for 2028-P3 was rejected: Wrong figures for 2028-P3",
                "Filing rejected-2028-P2 #1 for 2028-P2 was rejected: Wrong figures for 2028-P2",
                "Filing rejected-2028-P1 #1 for 2028-P1 was rejected: Wrong figures for 2028-P1");
        assertThat(cmo.text()).contains("The latest 6 of 7 rejections");
        // the latest six of the eight periods no longer open: the 2028 ones, not 2027-Q2 or 2027-Q1
        assertThat(cmo.text()).contains("Earlier periods: 2028-P6 (closed), 2028-P5 (closed), 2028-P4 (closed), 2028-P3 (closed), "
                + "2028-P2 (closed), 2028-P1 (closed) (the latest 6 of 8: every period)").doesNotContain("2027-Q2 (closed)");
    }

    @Test
    void aReceiptIsTakenWholeOrRefusedWithEveryProblemLocated() {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();
        List<Map<String, String>> errors = api("nadia").contentType(ContentType.JSON).body(Map.of("builder", "rival-nobody",
                "period", "1999-Q9", "amount", "12.345", "receivedOn", tomorrow, "reference", " ")).post("/builder-receipts")
                .then().statusCode(422).extract().path("errors");
        assertThat(errors).extracting(e -> e.get("where")).containsExactly("builder", "period", "amount", "receivedOn", "reference");
        api("nadia").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "period", "2027-Q1", "amount", "0",
                "receivedOn", DAY, "reference", "R")).post("/builder-receipts").then().statusCode(422)
                .body("errors[0].where", org.hamcrest.Matchers.equalTo("amount"));

        // the page shows its form again, the problem marked, what was typed kept
        String refused = page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("builder", "acme-ai").formParam("period", "2027-Q1").formParam("amount", "abc")
                .formParam("receivedOn", DAY).formParam("reference", "KEPT-REF")
                .post(Routes.receipts(tenant)).then().statusCode(422).extract().asString();
        Document form = Jsoup.parse(refused);
        assertThat(form.select(".problems li").text()).startsWith("amount:");
        assertThat(form.select("input[name=reference]").val()).isEqualTo("KEPT-REF");
        // the organisation typed was licensed here: the form names it and keeps it
        assertThat(form.select("input[type=hidden][name=builder]").val()).isEqualTo("acme-ai");
        assertThat(form.select(".chosen-builder strong").text()).isEqualTo("Acme AI");
        assertThat(form.select("input[name=period]").val()).isEqualTo("2027-Q1");

        // a reversal takes back at most what was received
        receipt("30.00", false).then().statusCode(201);
        receipt("30.01", true).then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.equalTo("amount"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("Only 30.00 USD"));
        receipt("30.00", true).then().statusCode(201).body("amount", org.hamcrest.Matchers.equalTo("-30.00"));
        assertThat(OwnerSql.number("SELECT coalesce(sum(amount), 0) FROM builder_receipt WHERE tenant_id = ?", tenant)).isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'builder.receipt.reverse'", tenant)).isEqualTo(1);
    }

    @Test
    void theFormListsNoOrganisationAndOpensFromAnOrganisationsRowWithItsDuesSuggested() {
        Document dues = Jsoup.parse(as("nadia").get(Routes.dues(tenant) + "?q=acme").then().statusCode(200).extract().asString());
        // organisations grow without bound: the form has no list of them, only a slug to type
        assertThat(dues.select("form[action$=/receipts] select")).isEmpty();
        assertThat(dues.select("form input[name=builder]").attr("type")).isNotEqualTo("hidden");
        assertThat(dues.select("form input[name=builder]").val()).isEmpty();
        // each organisation's row opens the form for it, the search kept
        String record = dues.select("a.record-receipt[aria-label='Record a receipt from Acme AI']").attr("href");
        assertThat(record).isEqualTo(Routes.dues(tenant) + "?q=acme&receiptsPage=1&page=1&builder=acme-ai#record-h");

        Document form = Jsoup.parse(as("nadia").get(record.substring(0, record.indexOf('#'))).then().statusCode(200).extract().asString());
        assertThat(form.select("input[type=hidden][name=builder]").val()).isEqualTo("acme-ai");
        assertThat(form.select(".chosen-builder strong").text()).isEqualTo("Acme AI");
        // its dues first (what is outstanding), then the CMO's latest periods not among them, each once
        assertThat(form.select("datalist#receipt-periods option").eachAttr("value")).containsExactly("2027-Q1", "2027-Q2");
        assertThat(form.select("datalist#receipt-periods option").first().text()).isEqualTo("2027-Q1: outstanding " + m(owed));
        assertThat(form.select("input[name=period]").attr("list")).isEqualTo("receipt-periods");

        // a slug another CMO licenses is not named here, whatever is asked for
        String elsewhere = otherCmosOrganisation();
        Document notHere = Jsoup.parse(as("nadia").get(Routes.dues(tenant) + "?builder=" + elsewhere).then().statusCode(200).extract().asString());
        assertThat(notHere.select("input[type=hidden][name=builder]")).isEmpty();
        assertThat(notHere.select(".chosen-builder")).isEmpty();
        assertThat(notHere.select("form input[name=builder]").val()).isEqualTo(elsewhere);
        assertThat(notHere.text()).doesNotContain("Elsewhere AI");
    }

    @Test
    void anUnknownOrganisationOrPeriodIsRefusedWhereItWasTypedAndNothingIsStored() {
        String elsewhere = otherCmosOrganisation();
        for (String builder : List.of(elsewhere, "no-such-builder")) {
            Document form = Jsoup.parse(receiptForm(builder, "2027-Q1").then().statusCode(422).extract().asString());
            // the same words for an organisation that does not exist and one another CMO licenses
            assertThat(form.select(".problems li").eachText()).containsExactly("builder: No organisation with the slug '" + builder
                    + "' is licensed here; give the slug of an organisation this CMO licenses (the dues page shows it beside its name).");
            assertThat(form.select("form input[name=builder]").val()).isEqualTo(builder);
            assertThat(form.select("input[name=period]").val()).isEqualTo("2027-Q1");
            assertThat(form.select("input[name=reference]").val()).isEqualTo("FORM-REF");
            assertThat(form.text()).doesNotContain("Elsewhere AI");
        }
        Document form = Jsoup.parse(receiptForm("acme-ai", "1999-Q9").then().statusCode(422).extract().asString());
        assertThat(form.select(".problems li").eachText()).containsExactly(
                "period: There is no period '1999-Q9' here; type its label as the periods page shows it, for example 2027-Q1.");
        assertThat(form.select("input[name=period]").val()).isEqualTo("1999-Q9");
        assertThat(form.select("input[type=hidden][name=builder]").val()).isEqualTo("acme-ai");
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_receipt WHERE tenant_id = ?", tenant)).isZero();
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'builder.receipt%'", tenant)).isZero();

        // the same form with a licensed organisation and an existing period is recorded, once, audited
        receiptForm("acme-ai", "2027-Q1").then().statusCode(303);
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_receipt WHERE tenant_id = ? AND reference = 'FORM-REF'", tenant)).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'builder.receipt'", tenant)).isEqualTo(1);
    }

    /** The page's receipt form as a browser posts it. */
    private io.restassured.response.Response receiptForm(String builder, String period) {
        return page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("builder", builder).formParam("period", period).formParam("amount", "12.00")
                .formParam("receivedOn", DAY).formParam("reference", "FORM-REF").post(Routes.receipts(tenant));
    }

    /** An organisation licensed by a CMO of its own (cora's), not by this test's. */
    private static String otherCmosOrganisation() {
        String other = Unique.name("rcpt-else");
        as("olivia").contentType(ContentType.JSON).body(Map.of("slug", other, "name", "Elsewhere Guild " + other, "currency", "USD",
                "adminFeeRate", "0.10", "shareBand", Map.of("min", "0.20", "max", "0.50"),
                "categories", List.of(Map.of("key", "news", "name", "News"))))
                .post("/api/v1/tenants").then().statusCode(201);
        as("olivia").contentType(ContentType.JSON).body(Map.of("username", "cora")).post("/api/v1/tenants/" + other + "/admins")
                .then().statusCode(201);
        String slug = Unique.name("else-ai");
        Organisations.ensure(slug, "Elsewhere AI", "cora-builder");
        Organisations.license("cora", other, slug);
        return slug;
    }

    @Test
    void onlyTheTenantsAdministratorsRecord() {
        Map<String, Object> body = Map.of("builder", "acme-ai", "period", "2027-Q1", "amount", "1.00", "receivedOn", DAY,
                "reference", "R");
        api("bruno").contentType(ContentType.JSON).body(body).post("/builder-receipts").then().statusCode(403);
        api("cora").contentType(ContentType.JSON).body(body).post("/builder-receipts").then().statusCode(404);
        api("alice").get("/builder-receipts").then().statusCode(403);
        assertThat(OwnerSql.number("SELECT count(*) FROM builder_receipt WHERE tenant_id = ?", tenant)).isZero();
        try (Connection app = OwnerSql.app("newsguild")) {
            assertThat(OwnerSql.number(app, "SELECT count(*) FROM builder_receipt WHERE tenant_id = ?", tenant)).isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private io.restassured.response.Response receipt(String amount, boolean reversal) {
        return api("nadia").contentType(ContentType.JSON).body(Map.of("builder", "acme-ai", "period", "2027-Q1", "amount", amount,
                "receivedOn", DAY, "reference", "R-" + amount, "reversal", reversal)).post("/builder-receipts");
    }

    private RequestSpecification api(String user) {
        return given().auth().oauth2(DevTokens.of(user)).basePath("/api/v1/tenants/" + tenant);
    }

    static String m(long minor) {
        return Amounts.formatGrouped(minor, USD);
    }
}
