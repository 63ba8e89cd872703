package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cmoportal.account.AccountWorld.minor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The ledger as distribution writes it, as the API reads it, and as the database keeps it: appended, never changed. */
@QuarkusTest
class LedgerTest {

    @Test
    void distributionPostsOneEarnedEntryPerStatementWithAPositiveTotal() {
        AccountWorld world = AccountWorld.create();
        JsonPath run = world.distribute("2027-Q1", "1250000.00", ConservationTest.usage());

        long sum = 0;
        for (String ref : List.of("alice", "bob", "carol")) {
            long total = OwnerSql.number("SELECT s.total FROM statement s JOIN period p ON p.id = s.period_id "
                    + "WHERE s.tenant_id = ? AND p.label = '2027-Q1' AND s.member_ref = ?", world.tenant, ref);
            JsonPath account = world.api("nadia").get("/members/" + ref + "/account").then().statusCode(200).extract().jsonPath();
            assertThat(account.getString("ref")).isEqualTo(ref);
            assertThat(account.getString("currency")).isEqualTo("USD");
            List<Map<String, Object>> entries = account.getList("entries");
            assertThat(entries).as(ref).singleElement().satisfies(e -> {
                assertThat(e.get("kind")).isEqualTo("EARNED");
                assertThat(minor((String) e.get("amount"))).isEqualTo(total);
                assertThat(e.get("period")).isEqualTo("2027-Q1");
                assertThat(e.get("reason")).isEqualTo("Distribution of 2027-Q1");
                assertThat((String) e.get("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            });
            assertThat(minor(account.getString("balance"))).isEqualTo(total);
            sum += total;
        }
        // every member's share, to the cent: what the run gave members is what their accounts were credited
        assertThat(sum).isEqualTo(minor(run.getString("paid")));
        assertThat(OwnerSql.number("SELECT count(*) FROM account_entry WHERE tenant_id = ?", world.tenant)).isEqualTo(3);
    }

    @Test
    void aMemberReadsOnlyTheirOwnAccountAndAnEntryWithoutAPeriodLeavesItOut() {
        AccountWorld world = AccountWorld.create();
        world.distribute("2027-Q1", "1250000.00", ConservationTest.usage());
        world.post("alice", "PAID", -100, null, "payment_run", 3, "Payment run 3");

        JsonPath mine = world.api("alice").get("/members/alice/account").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("entries.kind")).containsExactly("EARNED", "PAID");
        Map<String, Object> paid = mine.getMap("entries[1]");
        assertThat(paid).doesNotContainKey("period").containsEntry("amount", "-1.00");
        assertThat(minor(mine.getString("balance"))).isEqualTo(world.balanceInDb("alice"));

        world.api("alice").get("/members/bob/account").then().statusCode(404);
        world.api("alice").get("/members/nobody/account").then().statusCode(404);
        world.api("nadia").get("/members/nobody/account").then().statusCode(404);
        world.api("cora").get("/members/alice/account").then().statusCode(404);
        world.api("bruno").get("/members/alice/account").then().statusCode(403);
    }

    @Test
    void entriesAreNeverChangedOrRemovedNotEvenByTheOwner() throws SQLException {
        AccountWorld world = AccountWorld.create();
        world.distribute("2027-Q1", "1250000.00", ConservationTest.usage());
        try (Connection c = OwnerSql.connect()) {
            assertThatThrownBy(() -> OwnerSql.update(c, "UPDATE account_entry SET amount = amount + 1 WHERE tenant_id = ?", world.tenant))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> OwnerSql.update(c, "DELETE FROM account_entry WHERE tenant_id = ?", world.tenant))
                    .hasMessageContaining("append-only");
        }
        // the application's role in another tenant sees none of them
        try (Connection app = OwnerSql.app("newsguild")) {
            assertThat(OwnerSql.number(app, "SELECT count(*) FROM account_entry WHERE tenant_id = ?", world.tenant)).isZero();
        }
        try (Connection app = OwnerSql.app(world.tenant)) {
            assertThat(OwnerSql.number(app, "SELECT count(*) FROM account_entry")).isEqualTo(3);
        }
    }
}
