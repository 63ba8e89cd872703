package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV09;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Payee details and payment runs through the API and the pages (economics.md, "Payment runs"; api.md). */
@QuarkusTest
class PaymentRunsTest {

    static final String DE = "DE89370400440532013000";
    static final String GB = "GB82WEST12345698765432";
    static final String FR = "FR1420041010050500013M02606";
    static final String NL = "NL91ABNA0417164300";

    /** ann, ben (low), cat (no account), dan (both), eve (represented by guild), guild, fay (negative), ivy (zero). */
    static PayCmo world(String currency) {
        Map<String, String> members = new LinkedHashMap<>();
        for (String ref : List.of("ann", "ben", "cat", "dan", "fay", "ivy")) {
            members.put(ref, null);
        }
        members.put("eve", "erin");
        members.put("guild", "carol");
        PayCmo cmo = PayCmo.create(currency, members);
        cmo.earn("ann", 10_000);
        cmo.earn("ben", 500);
        cmo.earn("cat", 5_000);
        cmo.earn("dan", 300);
        cmo.earn("eve", 4_000);
        cmo.earn("guild", 2_000);
        cmo.earn("fay", 1_000);
        cmo.entry("fay", "ADJUSTED", -3_000);
        cmo.earn("ivy", 700);
        cmo.entry("ivy", "ADJUSTED", -700);
        cmo.putAccount("nadia", "ann", "Ann Example", DE, "COBADEFFXXX").then().statusCode(200);
        cmo.putAccount("nadia", "ben", "Ben Example", NL, null).then().statusCode(200);
        cmo.putAccount("carol", "guild", "The Guild", FR, null).then().statusCode(200);
        cmo.putAccount("nadia", "fay", "Fay Example", GB, null).then().statusCode(200);
        cmo.api("erin").body(Map.of("representative", "guild")).put("/members/eve/representative").then().statusCode(200)
                .body("state", equalTo("NAMED"));
        cmo.api("carol").post("/members/eve/representative/accept").then().statusCode(200).body("state", equalTo("ACCEPTED"));
        cmo.api("nadia").body(Map.of("minimumPayout", "10.00")).patch("").then().statusCode(200)
                .body("minimumPayout", equalTo("10.00"));
        return cmo;
    }

    /** A page's text as a person reads it. */
    static String text(String html) {
        return org.jsoup.Jsoup.parse(html).text();
    }

    @Test
    void theBankAccountIsEncryptedAtRestShownMaskedAndAuditedMasked() throws Exception {
        PayCmo cmo = PayCmo.create("EUR", Map.of("alma", "erin"));
        Response r = cmo.putAccount("erin", "alma", "Alma Example", "de89 3704 0044 0532 0130 00", "cobadeffxxx");
        r.then().statusCode(200).body("iban", equalTo("DE89 **** **** **** **30 00")).body("bic", equalTo("COBADEFFXXX"))
                .body("changedBy", equalTo("erin"));
        assertThat(r.asString()).doesNotContain("3704").doesNotContain(DE);

        try (Connection owner = OwnerSql.connect()) {
            List<String> rows = OwnerSql.strings(owner, "SELECT row_to_json(b)::text FROM bank_account b WHERE tenant_id = ?", cmo.slug);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).doesNotContain(DE).doesNotContain("370400440532013000").doesNotContain("0532 0130")
                    .contains("DE89 **** **** **** **30 00");
            List<String> bytes = OwnerSql.strings(owner, "SELECT encode(iban_ciphertext, 'escape') FROM bank_account WHERE tenant_id = ?", cmo.slug);
            assertThat(bytes.get(0)).doesNotContain(DE);
            List<String> audit = OwnerSql.strings(owner, "SELECT after::text FROM audit_event WHERE tenant_id = ? AND action = 'payee.bank-account'",
                    cmo.slug);
            assertThat(audit).singleElement().asString().contains("DE89 **** **** **** **30 00").doesNotContain(DE);
            // the table keeps every change: an update or a delete is refused, even to the owner
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OwnerSql.execute(
                    "UPDATE bank_account SET account_holder = 'x' WHERE tenant_id = ?", cmo.slug))).hasMessageContaining("append-only");
        }
        cmo.api("erin").get("/members/alma/payee").then().statusCode(200).body("bankAccount.iban", equalTo("DE89 **** **** **** **30 00"))
                .body("bankAccount.accountHolder", equalTo("Alma Example"));
    }

    @Test
    void aBadIbanIsRefusedWithWhereAndNothingIsStored() {
        PayCmo cmo = PayCmo.create("EUR", Map.of("alma", "erin"));
        for (String bad : List.of("DE89370400440532013001", "DE89370400440532031000", "DE8937040044053201300", "XX00", "")) {
            Response r = cmo.putAccount("erin", "alma", "Alma", bad, null);
            r.then().statusCode(422).body("errors.where", hasItem("iban"));
        }
        cmo.putAccount("erin", "alma", "", DE, "NOT A BIC").then().statusCode(422)
                .body("errors.where", org.hamcrest.Matchers.containsInAnyOrder("accountHolder", "bic"));
        assertThat(cmo.count("SELECT count(*) FROM bank_account WHERE tenant_id = ?")).isZero();
        assertThat(cmo.count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'payee.%'")).isZero();
    }

    @Test
    void anotherMembersAccountIsNotFoundAndAnAdministratorsChangeIsToldOnTheMembersPage() {
        PayCmo cmo = PayCmo.create("EUR", Map.of("alma", "erin", "bert", "carol"));
        cmo.putAccount("carol", "alma", "Alma", DE, null).then().statusCode(404);
        cmo.api("carol").get("/members/alma/payee").then().statusCode(404);
        cmo.putAccount("nadia", "alma", "Alma Example", GB, null).then().statusCode(200).body("changedBy", equalTo("nadia"));

        String page = text(DevTokens.as("erin").get("/t/" + cmo.slug + "/members/alma/payee").then().statusCode(200).extract().asString());
        assertThat(page).contains("Your bank account was changed on").contains("by nadia").contains("GB82 **** **** **** **54 32")
                .doesNotContain(GB);
        String home = text(DevTokens.as("erin").queryParam("cmosQ", cmo.slug).get("/member").then().statusCode(200).extract().asString());
        assertThat(home).contains("Your bank account for alma was changed on").contains("by nadia");
        DevTokens.as("carol").get("/t/" + cmo.slug + "/members/alma/payee").then().statusCode(404);
    }

    @Test
    void settingsChangeWhatIsGivenAndRefuseWhatIsWrong() {
        PayCmo cmo = PayCmo.create("JPY", Map.of());
        cmo.api("nadia").body(Map.of("minimumPayout", "2500")).patch("").then().statusCode(200)
                .body("minimumPayout", equalTo("2500")).body("suspenseHoldMonths", equalTo(36)).body("disputeWindowDays", equalTo(270));
        cmo.api("noah").body(Map.of("suspenseHoldMonths", 0, "disputeWindowDays", "30")).patch("").then().statusCode(200)
                .body("minimumPayout", equalTo("2500")).body("suspenseHoldMonths", equalTo(0)).body("disputeWindowDays", equalTo(30));
        cmo.api("nadia").body(Map.of("minimumPayout", "25.5", "disputeWindowDays", -1, "colour", "red")).patch("").then()
                .statusCode(422).body("errors.where", org.hamcrest.Matchers.containsInAnyOrder("minimumPayout", "disputeWindowDays", "colour"));
        cmo.api("nadia").get("/payment-runs").then().statusCode(200);
        assertThat(OwnerSql.number("SELECT minimum_payout FROM tenant WHERE id = ?", cmo.slug)).isEqualTo(2500);
        assertThat(cmo.count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'tenant.settings'")).isEqualTo(2);
        DevTokens.as("alice").contentType("application/json").body(Map.of("minimumPayout", "0")).patch("/api/v1/tenants/" + cmo.slug)
                .then().statusCode(403);
    }

    @Test
    void aProposalPaysWholeBalancesThroughPayeesAndCarriesTheRestWithWhy() {
        PayCmo cmo = world("EUR");
        JsonPath run = cmo.propose("nadia").then().statusCode(201).extract().jsonPath();
        assertThat(run.getString("state")).isEqualTo("PROPOSED");
        assertThat(run.getString("total")).isEqualTo("160.00");
        assertThat(run.getList("payments.ref")).containsExactly("ann", "guild");
        assertThat(run.getList("payments.amount")).containsExactly("100.00", "60.00");
        assertThat(run.getList("payments.covers")).containsExactly(List.of("ann"), List.of("eve", "guild"));
        assertThat(run.getList("payments.payee")).containsExactly("Ann Example", "The Guild");
        assertThat(run.getList("carried.ref")).containsExactly("ben", "cat", "dan");
        assertThat(run.getList("carried.why")).containsExactly("BELOW_MINIMUM", "NO_BANK_ACCOUNT", "NO_BANK_ACCOUNT");
        assertThat(run.getList("carried.balance")).containsExactly("5.00", "50.00", "3.00");
        assertThat(cmo.count("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'PAID'")).as("nothing paid yet").isZero();

        // proposing again replaces the waiting proposal
        long second = cmo.propose("noah").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(OwnerSql.number("SELECT count(*) FROM payment_run WHERE tenant_id = ? AND state = 'DISCARDED'", cmo.slug)).isEqualTo(1);
        cmo.approve("nadia", run.getLong("id")).then().statusCode(409).body("code", equalTo("wrong-state"));
        assertThat(second).isGreaterThan(run.getLong("id"));
    }

    @Test
    void theProposerCannotApproveAndTheApprovalPaysEachBalanceOnce() throws Exception {
        PayCmo cmo = world("EUR");
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.approve("nadia", id).then().statusCode(409).body("code", equalTo("four-eyes"));
        cmo.approve("noah", id).then().statusCode(200).body("state", equalTo("APPROVED")).body("total", equalTo("160.00"));
        cmo.approve("colin", id).then().statusCode(409).body("code", equalTo("wrong-state"));

        assertThat(cmo.balance("ann")).isZero();
        assertThat(cmo.balance("eve")).isZero();
        assertThat(cmo.balance("guild")).isZero();
        assertThat(cmo.balance("ben")).isEqualTo(500);
        assertThat(cmo.balance("cat")).isEqualTo(5_000);
        assertThat(cmo.balance("fay")).isEqualTo(-2_000);
        assertThat(cmo.count("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'PAID'")).isEqualTo(3);
        try (Connection owner = OwnerSql.connect()) {
            assertThat(OwnerSql.strings(owner, "SELECT reason FROM account_entry WHERE tenant_id = ? AND member_ref = 'eve' AND kind = 'PAID'",
                    cmo.slug)).singleElement().asString().contains("paid to the account of guild");
        }
        assertThat(cmo.count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action = 'payment-run.approve'")).isEqualTo(1);

        // the next run finds nothing more to pay the same members, and has no bank file
        JsonPath next = cmo.propose("colin").then().statusCode(201).extract().jsonPath();
        assertThat(next.getString("total")).isEqualTo("0.00");
        assertThat(next.getList("payments")).isEmpty();
        cmo.approve("nadia", next.getLong("id")).then().statusCode(200);
        cmo.api("nadia").get("/payment-runs/" + next.getLong("id") + "/csv").then().statusCode(409).body("code", equalTo("nothing-to-pay"));

        // both sides see the payment: the member represented and the representative
        String eve = text(DevTokens.as("erin").get("/t/" + cmo.slug + "/members/eve/payee").then().statusCode(200).extract().asString());
        assertThat(eve).contains("Your balance, paid to your representative guild").contains("40.00");
        String guild = text(DevTokens.as("carol").get("/t/" + cmo.slug + "/members/guild/payee").then().statusCode(200).extract().asString());
        assertThat(guild).contains("Payment to you covering 2 member(s)").contains("60.00");
    }

    @Test
    void twoApprovalsAtOnceWriteThePaymentsOnce() throws Exception {
        PayCmo cmo = world("EUR");
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        // tokens first, so both requests leave at the same moment
        DevTokens.of("noah");
        DevTokens.of("colin");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String admin : List.of("noah", "colin")) {
                Callable<Integer> approve = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return cmo.approve(admin, id).statusCode();
                };
                answers.add(pool.submit(approve));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : answers) {
                codes.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(codes).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cmo.count("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'PAID'")).isEqualTo(3);
        assertThat(cmo.count("SELECT -sum(amount) FROM account_entry WHERE tenant_id = ? AND kind = 'PAID'")).isEqualTo(16_000);
    }

    @Test
    void aBalanceOrAccountChangedSinceTheProposalMakesTheApprovalAskForANewOne() {
        PayCmo cmo = world("EUR");
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.earn("ann", 1);
        cmo.approve("noah", id).then().statusCode(409).body("code", equalTo("propose-again"))
                .body("detail", org.hamcrest.Matchers.containsString("ann"));
        assertThat(cmo.count("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'PAID'")).isZero();

        long again = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.putAccount("carol", "guild", "The Guild", NL, null).then().statusCode(200);
        cmo.approve("noah", again).then().statusCode(409).body("code", equalTo("propose-again"))
                .body("detail", org.hamcrest.Matchers.containsString("eve"));

        long third = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.api("carol").delete("/members/eve/representative").then().statusCode(200).body("state", equalTo("ENDED"));
        cmo.approve("noah", third).then().statusCode(409).body("code", equalTo("propose-again"));

        long fourth = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.approve("noah", fourth).then().statusCode(200).body("total", equalTo("120.01"));
    }

    @Test
    void thePain001FileIsReadBackWithItsControlSumEqualToTheRunsTotal() {
        PayCmo cmo = world("EUR");
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.api("nadia").get("/payment-runs/" + id + "/pain.001").then().statusCode(409).body("code", equalTo("wrong-state"));
        cmo.approve("noah", id).then().statusCode(200);
        cmo.api("nadia").get("/payment-runs/" + id + "/pain.001").then().statusCode(409).body("code", equalTo("no-debtor-account"));
        cmo.debtor("NO9386011117947", "DNBANOKKXXX");

        Response file = cmo.api("nadia").get("/payment-runs/" + id + "/pain.001");
        file.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/xml"));
        MxPain00100109 mx = MxPain00100109.parse(file.asString());
        CustomerCreditTransferInitiationV09 msg = mx.getCstmrCdtTrfInitn();
        assertThat(msg.getGrpHdr().getMsgId()).isEqualTo("PAYMENT-RUN-" + id);
        assertThat(msg.getGrpHdr().getNbOfTxs()).isEqualTo("2");
        assertThat(msg.getGrpHdr().getCtrlSum()).isEqualByComparingTo("160.00");
        assertThat(msg.getGrpHdr().getInitgPty().getNm()).isEqualTo("Payments Guild");
        var p = msg.getPmtInf().get(0);
        assertThat(p.getNbOfTxs()).isEqualTo("2");
        assertThat(p.getCtrlSum()).isEqualByComparingTo(msg.getGrpHdr().getCtrlSum());
        assertThat(p.getDbtrAcct().getId().getIBAN()).isEqualTo("NO9386011117947");
        assertThat(p.getDbtrAgt().getFinInstnId().getBICFI()).isEqualTo("DNBANOKKXXX");
        List<CreditTransferTransaction34> txs = p.getCdtTrfTxInf();
        assertThat(txs).hasSize(2);
        assertThat(txs).extracting(t -> t.getCdtr().getNm()).containsExactly("Ann Example", "The Guild");
        assertThat(txs).extracting(t -> t.getCdtrAcct().getId().getIBAN()).containsExactly(DE, FR);
        assertThat(txs).extracting(t -> t.getAmt().getInstdAmt().getValue()).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("100.00"), new BigDecimal("60.00"));
        assertThat(txs).extracting(t -> t.getAmt().getInstdAmt().getCcy()).containsOnly("EUR");
        assertThat(txs.get(0).getCdtrAgt().getFinInstnId().getBICFI()).isEqualTo("COBADEFFXXX");
        assertThat(txs.get(1).getCdtrAgt()).isNull();
        assertThat(txs.get(1).getRmtInf().getUstrd().get(0)).isEqualTo("Payment run " + id + " for eve, guild");
        assertThat(txs).extracting(t -> t.getPmtId().getEndToEndId()).allSatisfy(e -> assertThat(e).startsWith("PR" + id + "-P"));
        BigDecimal sum = txs.stream().map(t -> t.getAmt().getInstdAmt().getValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(msg.getGrpHdr().getCtrlSum());
        assertThat(cmo.api("nadia").get("/payment-runs/" + id).jsonPath().getString("total")).isEqualTo("160.00");

        String csv = cmo.api("nadia").get("/payment-runs/" + id + "/csv").then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")).containsExactly(
                "payment,payee_ref,account_holder,iban,bic,payment_amount,currency,member_ref,member_amount",
                txs.get(0).getPmtId().getEndToEndId().replaceAll(".*-P", "") + ",ann,Ann Example," + DE + ",COBADEFFXXX,100.00,EUR,ann,100.00",
                txs.get(1).getPmtId().getEndToEndId().replaceAll(".*-P", "") + ",guild,The Guild," + FR + ",,60.00,EUR,eve,40.00",
                txs.get(1).getPmtId().getEndToEndId().replaceAll(".*-P", "") + ",guild,The Guild," + FR + ",,60.00,EUR,guild,20.00");
        DevTokens.as("erin").get("/api/v1/tenants/" + cmo.slug + "/payment-runs/" + id + "/pain.001").then().statusCode(403);
    }

    @Test
    void aReturnIsCreditedBackNeverMoreThanWasPaidAndPaidAgainByTheNextRun() {
        PayCmo cmo = world("EUR");
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        cmo.api("nadia").body(Map.of("ref", "eve", "amount", "1.00", "reason", "account closed")).post("/payment-runs/" + id + "/returns")
                .then().statusCode(409);
        cmo.approve("noah", id).then().statusCode(200);
        cmo.api("nadia").body(Map.of("ref", "eve", "amount", "30.00", "reason", "account closed")).post("/payment-runs/" + id + "/returns")
                .then().statusCode(201).body("amount", equalTo("30.00")).body("ref", equalTo("eve"));
        cmo.api("nadia").body(Map.of("ref", "eve", "amount", "10.01", "reason", "again")).post("/payment-runs/" + id + "/returns")
                .then().statusCode(422).body("errors.where", hasItem("amount"));
        cmo.api("nadia").body(Map.of("ref", "cat", "amount", "1.00", "reason", "x")).post("/payment-runs/" + id + "/returns")
                .then().statusCode(422).body("errors.where", hasItem("ref"));
        cmo.api("nadia").body(Map.of("ref", "eve", "amount", "10.00", "reason", "rest")).post("/payment-runs/" + id + "/returns")
                .then().statusCode(201);
        assertThat(cmo.balance("eve")).isEqualTo(4_000);
        assertThat(cmo.count("SELECT count(*) FROM account_entry WHERE tenant_id = ? AND kind = 'RETURNED'")).isEqualTo(2);
        assertThat(cmo.api("noah").get("/payment-runs").jsonPath().getString("find { it.id == " + id + " }.returned")).isEqualTo("40.00");

        JsonPath next = cmo.propose("nadia").then().statusCode(201).extract().jsonPath();
        assertThat(next.getList("payments.covers")).containsExactly(List.of("eve"));
        assertThat(next.getString("total")).isEqualTo("40.00");
    }

    @Test
    void aRepresentativeAcceptsEitherSideEndsAndNobodyElseSeesIt() {
        PayCmo cmo = PayCmo.create("EUR", Map.of("eve", "erin", "guild", "carol", "other", "dave"));
        cmo.api("erin").body(Map.of("representative", "eve")).put("/members/eve/representative").then().statusCode(422);
        cmo.api("erin").body(Map.of("representative", "nobody")).put("/members/eve/representative").then().statusCode(422)
                .body("errors.where", hasItem("representative"));
        cmo.api("dave").body(Map.of("representative", "other")).put("/members/eve/representative").then().statusCode(404);
        cmo.api("erin").body(Map.of("representative", "guild")).put("/members/eve/representative").then().statusCode(200);
        cmo.api("erin").body(Map.of("representative", "other")).put("/members/eve/representative").then().statusCode(409);
        cmo.api("dave").post("/members/eve/representative/accept").then().statusCode(404);
        cmo.api("erin").post("/members/eve/representative/accept").then().statusCode(404);
        cmo.api("carol").get("/members/eve/representative").then().statusCode(200).body("representative", equalTo("guild"));
        cmo.api("dave").get("/members/eve/representative").then().statusCode(404);
        cmo.api("carol").post("/members/eve/representative/accept").then().statusCode(200).body("state", equalTo("ACCEPTED"));
        cmo.api("carol").post("/members/eve/representative/accept").then().statusCode(409);
        cmo.api("carol").get("/members/guild/payee").then().statusCode(200).body("represents.member", org.hamcrest.Matchers.contains("eve"));
        cmo.api("erin").delete("/members/eve/representative").then().statusCode(200).body("state", equalTo("ENDED"));
        cmo.api("erin").delete("/members/eve/representative").then().statusCode(404);
        assertThat(cmo.count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'payee.representative.%'")).isEqualTo(3);
    }

    @Test
    void administratorsProposeReviewApproveAndDownloadOnThePages() {
        PayCmo cmo = world("EUR");
        String base = "/t/" + cmo.slug + "/admin/payment-runs";
        String list = text(DevTokens.as("nadia").get(base).then().statusCode(200).extract().asString());
        assertThat(list).contains("10.00 EUR").contains("No payment run yet");

        Response proposed = DevTokens.page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .post(base);
        assertThat(proposed.statusCode()).isEqualTo(303);
        String runUrl = proposed.header("Location").replaceAll("\\?.*", "");
        long id = Long.parseLong(runUrl.substring(runUrl.lastIndexOf('/') + 1));
        String mine = text(DevTokens.as("nadia").get(runUrl).then().statusCode(200).extract().asString());
        assertThat(mine).contains("You proposed this run").contains("NO_BANK_ACCOUNT").contains("BELOW_MINIMUM")
                .contains("eve, guild").contains("DE89 **** **** **** **30 00").doesNotContain(DE);
        Response refused = DevTokens.page("nadia").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .post(runUrl + "/approve");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(text(refused.asString())).contains("four eyes");

        Response approved = DevTokens.page("noah").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .post(runUrl + "/approve");
        assertThat(approved.statusCode()).isEqualTo(303);
        String done = DevTokens.as("noah").get(runUrl).then().statusCode(200).extract().asString();
        assertThat(done).contains("pain.001").contains("/csv");
        Response badReturn = DevTokens.page("noah").contentType("application/x-www-form-urlencoded").formParam("csrf-token", DevTokens.CSRF)
                .formParam("ref", "ann").formParam("amount", "1000.00").formParam("reason", "closed").post(runUrl + "/returns");
        assertThat(badReturn.statusCode()).isEqualTo(422);
        assertThat(text(badReturn.asString())).contains("at most 100.00 can be returned");
        assertThat(Html.inputValue(badReturn.asString(), "amount")).hasValue("1000.00");
        assertThat(OwnerSql.number("SELECT count(*) FROM payment_run WHERE id = ? AND state = 'APPROVED'", id)).isEqualTo(1);
    }

    @Test
    void aLargeRunIsReviewedAPageAtATimeInCodePointOrder() {
        PayCmo cmo = PayCmo.create("EUR", Map.of());
        StringBuilder csv = new StringBuilder("ref,name,username\n");
        for (int i = 1; i <= 130; i++) {
            csv.append(String.format("r%03d,Member %d,%n", i, i));
        }
        cmo.api("nadia").contentType("text/csv").body(csv.toString()).post("/members").then().statusCode(200);
        OwnerSql.execute("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)
                SELECT ?, 'r' || lpad(g::text, 3, '0'), 'EARNED', 1000 + g, 'test', 1, 'posted by the test'
                  FROM generate_series(1, 130) g""", cmo.slug);
        for (int i = 1; i <= 105; i++) {
            cmo.putAccount("nadia", String.format("r%03d", i), "Holder " + i, DE, null).then().statusCode(200);
        }
        long id = cmo.propose("nadia").then().statusCode(201).extract().jsonPath().getLong("id");
        String base = "/t/" + cmo.slug + "/admin/payment-runs/" + id;
        org.jsoup.nodes.Document first = org.jsoup.Jsoup.parse(DevTokens.as("noah").get(base).then().statusCode(200).extract().asString());
        assertThat(first.select("#payments-h + table tbody tr")).hasSize(100);
        assertThat(first.select("#payments-h + table tbody tr").first().text()).contains("r001");
        assertThat(first.text()).contains("Page 1 of 2 · 1–100 of 105 payments");
        String next = first.select("nav[aria-label='Pages of payments'] a[rel=next]").attr("href");
        assertThat(next).isEqualTo(base + "?carried=1&payments=2");
        org.jsoup.nodes.Document second = org.jsoup.Jsoup.parse(DevTokens.as("noah").get(next).then().statusCode(200).extract().asString());
        assertThat(second.select("#payments-h + table tbody tr")).extracting(e -> e.select("code").first().text())
                .containsExactly("r101", "r102", "r103", "r104", "r105");
        assertThat(second.select("#carried-h + table tbody tr")).hasSize(25);
        assertThat(second.text()).contains("NO_BANK_ACCOUNT").contains("Page 2 of 2 · 101–105 of 105 payments");
        assertThat(second.select("nav[aria-label='Pages of payments'] a[rel=next]")).isEmpty();
        // a page past the end shows the last one
        DevTokens.as("noah").get(base + "?payments=99").then().statusCode(200);
    }

    /**
     * The payee pages' lists that grow, the member's and the administrator's: the members a representative represents
     * and the payments a member sees, each a page of 50, searched and paged on its own; another member's payments and
     * representations never appear, and another member's page is not found.
     */
    @Test
    void thePayeePagesListWhomARepresentativeRepresentsAndItsPaymentsAPageAtATime() {
        PayCmo cmo = PayCmo.create("EUR", Map.of("guild", "carol", "other", "dave"));
        cmo.putAccount("carol", "guild", "The Guild", FR, null).then().statusCode(200);
        cmo.putAccount("dave", "other", "Other Example", DE, null).then().statusCode(200);
        // r01 .. r54 name guild (r55 did and ended it, r56 names other)
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'r' || lpad(g::text, 2, '0'), 'Represented ' || g"
                + " FROM generate_series(1, 56) g", cmo.slug);
        OwnerSql.execute("""
                INSERT INTO representation (tenant_id, member_ref, representative_ref, state, named_by, ended_by, ended_at)
                SELECT ?, 'r' || lpad(g::text, 2, '0'), CASE WHEN g = 56 THEN 'other' ELSE 'guild' END,
                       CASE WHEN g = 55 THEN 'ENDED' ELSE 'NAMED' END, 'nadia',
                       CASE WHEN g = 55 THEN 'nadia' END, CASE WHEN g = 55 THEN now() END
                  FROM generate_series(56, 1, -1) g""", cmo.slug);
        // one approved run paying other, then 55 paying guild its balance, 1.01 .. 1.55
        paid(cmo, "other", 1);
        paid(cmo, "guild", 55);
        long first = OwnerSql.number("""
                SELECT min(run_id) FROM payment WHERE tenant_id = ? AND payee_ref = 'guild'""", cmo.slug);

        for (String[] who : new String[][] {{"carol", "/t/" + cmo.slug + "/members/guild/payee"},
                {"nadia", "/t/" + cmo.slug + "/admin/members/guild/payee"}}) {
            String address = who[1];
            org.jsoup.nodes.Document page = payeePage(who[0], address);
            assertThat(represented(page)).hasSize(50).startsWith("r01", "r02").endsWith("r50");
            assertThat(page.select("nav[aria-label='Pages of members represented']").text()).contains("Page 1 of 2", "1–50 of 54");
            assertThat(page.select("nav[aria-label='Pages of members represented'] a[rel=next]").attr("href"))
                    .isEqualTo(address + "?representsPage=2");
            assertThat(runs(page)).hasSize(50).startsWith(String.valueOf(first + 54)).endsWith(String.valueOf(first + 5));
            assertThat(page.select("nav[aria-label='Pages of payments'] a[rel=next]").attr("href")).isEqualTo(address + "?paymentsPage=2");

            assertThat(represented(payeePage(who[0], address + "?representsPage=2"))).containsExactly("r51", "r52", "r53", "r54");
            org.jsoup.nodes.Document last = payeePage(who[0], address + "?paymentsPage=2");
            assertThat(runs(last)).containsExactly(String.valueOf(first + 4), String.valueOf(first + 3), String.valueOf(first + 2),
                    String.valueOf(first + 1), String.valueOf(first));
            assertThat(last.select("#payment-rows").text()).contains("1.01").doesNotContain("1.55");

            // searched each on its own: members by ref or name, payments by run number or payee ref
            assertThat(represented(payeePage(who[0], address + "?representsQ=R5"))).containsExactly("r50", "r51", "r52", "r53", "r54");
            org.jsoup.nodes.Document byName = org.jsoup.Jsoup.parse(DevTokens.as(who[0]).queryParam("representsQ", "represented 4")
                    .get(address).then().statusCode(200).extract().asString());
            assertThat(represented(byName)).containsExactly("r04", "r40", "r41", "r42", "r43", "r44", "r45", "r46", "r47", "r48", "r49");
            assertThat(runs(byName)).hasSize(50);
            assertThat(runs(payeePage(who[0], address + "?paymentsQ=" + first))).containsExactly(String.valueOf(first));
            assertThat(payeePage(who[0], address + "?paymentsQ=guild").select("nav[aria-label='Pages of payments'] a[rel=next]")
                    .attr("href")).isEqualTo(address + "?paymentsQ=guild&paymentsPage=2");
            org.jsoup.nodes.Document none = payeePage(who[0], address + "?paymentsQ=other&representsQ=r56");
            assertThat(runs(none)).isEmpty();
            assertThat(represented(none)).isEmpty();
            assertThat(none.select("#payment-rows .empty").text()).isEqualTo("No payment matches “other”.");
            String rows = DevTokens.as(who[0]).header("HX-Request", "true").header("HX-Target", "represents-rows")
                    .queryParam("representsQ", "r54").get(address).then().statusCode(200).extract().asString();
            assertThat(rows).doesNotContain("<html").doesNotContain("payment-rows");
            assertThat(represented(org.jsoup.Jsoup.parseBodyFragment(rows))).containsExactly("r54");
            rows = DevTokens.as(who[0]).header("HX-Request", "true").header("HX-Target", "payment-rows")
                    .queryParam("paymentsQ", String.valueOf(first + 1)).get(address).then().statusCode(200).extract().asString();
            assertThat(rows).doesNotContain("<html").doesNotContain("represents-rows");
            assertThat(runs(org.jsoup.Jsoup.parseBodyFragment(rows))).containsExactly(String.valueOf(first + 1));
        }
        // other's page lists its own payment and the member who named it only, none of guild's
        org.jsoup.nodes.Document other = payeePage("dave", "/t/" + cmo.slug + "/members/other/payee");
        assertThat(runs(other)).containsExactly(String.valueOf(first - 1));
        assertThat(represented(other)).containsExactly("r56");

        // the representative's forms still answer from a later page
        org.jsoup.nodes.Document later = payeePage("carol", "/t/" + cmo.slug + "/members/guild/payee?representsPage=2");
        String accept = later.select("#represents-rows form[action$='/r53/accept']").attr("action");
        assertThat(accept).isEqualTo("/t/" + cmo.slug + "/members/guild/payee/represents/r53/accept");
        assertThat(DevTokens.page("carol").redirects().follow(false).contentType(io.restassured.http.ContentType.URLENC)
                .formParam("csrf-token", DevTokens.CSRF).post(accept).statusCode()).isEqualTo(303);
        assertThat(payeePage("carol", "/t/" + cmo.slug + "/members/guild/payee?representsQ=r53").select("#represents-rows tbody tr")
                .text()).contains("ACCEPTED");

        // another member, or another CMO's administrator: not found, whatever the lists' parameters
        DevTokens.as("dave").get("/t/" + cmo.slug + "/members/guild/payee?paymentsPage=2&representsQ=r").then().statusCode(404);
        DevTokens.as("cora").get("/t/" + cmo.slug + "/admin/members/guild/payee?paymentsPage=2").then().statusCode(404);
    }

    /** {@code runs} approved runs, each paying {@code payee} its balance (1.01, 1.02, ...) into its latest account. */
    private static void paid(PayCmo cmo, String payee, int runs) {
        long before = OwnerSql.number("SELECT coalesce(max(id), 0) FROM payment_run");
        OwnerSql.execute("""
                INSERT INTO payment_run (tenant_id, state, currency, minimum_payout, total, payments, covered, carried, carried_total,
                                         proposed_by, decided_by, decided_at)
                SELECT ?, 'APPROVED', 'EUR', 0, 100 + g, 1, 1, 0, 0, 'nadia', 'noah', now() FROM generate_series(1, ?) g ORDER BY g""",
                cmo.slug, runs);
        OwnerSql.execute("""
                INSERT INTO payment_run_member (tenant_id, run_id, member_ref, balance, payee_ref)
                SELECT tenant_id, id, ?, total, ? FROM payment_run WHERE tenant_id = ? AND id > ?""", payee, payee, cmo.slug, before);
        OwnerSql.execute("""
                INSERT INTO payment (tenant_id, run_id, payee_ref, bank_account_id, amount, covers)
                SELECT r.tenant_id, r.id, ?, (SELECT max(a.id) FROM bank_account a WHERE a.tenant_id = r.tenant_id AND a.member_ref = ?),
                       r.total, 1
                  FROM payment_run r WHERE r.tenant_id = ? AND r.id > ?""", payee, payee, cmo.slug, before);
    }

    private static org.jsoup.nodes.Document payeePage(String user, String address) {
        return org.jsoup.Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    /** The refs of the members represented, in the list's order. */
    private static List<String> represented(org.jsoup.nodes.Document page) {
        return page.select("#represents-rows tbody tr td:eq(0) code").eachText();
    }

    /** The run numbers of the payments, in the list's order. */
    private static List<String> runs(org.jsoup.nodes.Document page) {
        return page.select("#payment-rows tbody tr td:eq(0)").eachText();
    }
}
