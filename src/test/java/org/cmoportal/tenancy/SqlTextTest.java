package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How TenantSql reads a statement: its parameters, and whether it keeps the tenant rule. No database. */
class SqlTextTest {

    static final Set<String> TENANT_TABLES = Set.of("member", "filing", "filing_category", "statement", "audit_head");

    @Test
    void namedAndPositionalParametersBecomeJdbcPlaceholdersInOrder() {
        SqlText t = SqlText.parse("SELECT a FROM filing WHERE tenant_id = :tenant AND id = ? AND seq < :seq AND model = ?");
        assertThat(t.jdbc()).isEqualTo("SELECT a FROM filing WHERE tenant_id = ? AND id = ? AND seq < ? AND model = ?");
        assertThat(t.parameters()).containsExactly("tenant", null, "seq", null);
    }

    @Test
    void castsLiteralsQuotedNamesAndCommentsAreNotParameters() {
        SqlText t = SqlText.parse("""
                SELECT :net::numeric, 'a:b ? c', "C:x" -- :no ?
                /* :nor ? */ FROM x WHERE y = :yes""");
        assertThat(t.parameters()).containsExactly("net", "yes");
        assertThat(t.jdbc()).contains("?::numeric", "'a:b ? c'", "\"C:x\"", "-- :no ?", "/* :nor ? */", "y = ?");
    }

    @Test
    void aDoubledQuoteStaysInsideItsLiteral() {
        assertThat(SqlText.parse("SELECT 'it''s :not' || :yes").parameters()).containsExactly("yes");
    }

    @Test
    void aStatementOnATenantTableMustNameTenantIdAndBindTheTenant() {
        assertThat(breach("SELECT count(*) FROM filing WHERE period_id = :period"))
                .hasValueSatisfying(m -> assertThat(m).contains("filing", "tenant_id = :tenant"));
        // naming the column with a value of the caller's is not enough: the helper binds the tenant, not the caller
        assertThat(breach("SELECT count(*) FROM filing WHERE tenant_id = :t AND period_id = :period")).isPresent();
        assertThat(breach("SELECT count(*) FROM filing WHERE tenant_id = ? AND period_id = ?")).isPresent();
        // :tenant alone, not naming the column, is refused too
        assertThat(breach("SELECT hashtext(:tenant) FROM member")).isPresent();
        assertThat(breach("SELECT count(*) FROM filing WHERE tenant_id = :tenant AND period_id = :period")).isEmpty();
        assertThat(breach("SELECT count(*) FROM filing f WHERE f.tenant_id = :tenant")).isEmpty();
    }

    @Test
    void everyKindOfStatementIsHeldToTheRule() {
        for (String sql : Arrays.asList(
                "INSERT INTO member (tenant_id, ref, name) SELECT ?, ref, name FROM staged",
                "UPDATE filing SET status = :status WHERE id = :id",
                "DELETE FROM filing_category WHERE filing_id = :id",
                "SELECT s.id FROM other o JOIN statement s ON s.id = o.statement_id",
                "WITH x AS (SELECT 1) SELECT seq FROM AUDIT_HEAD WHERE chain = coalesce(:tenant, '')")) {
            assertThat(breach(sql)).as(sql).isPresent();
        }
    }

    @Test
    void tableNamesInsideLiteralsColumnsAndOtherTablesAreNotTenantTables() {
        assertThat(breach("SELECT pg_advisory_xact_lock(hashtext('member-import:' || :id))")).isEmpty();
        assertThat(breach("SELECT s.member FROM builder_org s WHERE s.filing = 1")).isEmpty();
        assertThat(breach("SELECT * FROM filing_sibling_differences(:filing)")).isEmpty();
        assertThat(breach("SELECT name FROM tenant WHERE id = :id")).isEmpty();
        assertThat(breach("CREATE TEMP TABLE member_staging (ref text) ON COMMIT DROP")).isEmpty();
    }

    private static java.util.Optional<String> breach(String sql) {
        return SqlText.parse(sql).tenantRuleBreach(TENANT_TABLES);
    }

    @Test
    void valuesWrittenInAsLiteralsReplaceTheParametersOutsideQuotesAndComments() {
        SqlText text = SqlText.parse("SELECT ':x', :a /* :b */, \"?\" -- ?\n, :b::text FROM t WHERE x = :a");
        assertThat(text.withLiterals(List.of("1", "'q'", "1"))).isEqualTo("SELECT ':x', 1 /* :b */, \"?\" -- ?\n, 'q'::text FROM t WHERE x = 1");
    }

    @Test
    void textBecomesAQuotedLiteralThatCannotEndEarly() {
        assertThat(TenantSql.literal(42L)).isEqualTo("42");
        assertThat(TenantSql.literal(true)).isEqualTo("true");
        assertThat(TenantSql.literal("it's")).isEqualTo("'it''s'");
        assertThat(TenantSql.literal("a\\' OR 1=1 --")).isEqualTo("E'a\\\\'' OR 1=1 --'");
        assertThatThrownBy(() -> TenantSql.literal("nul\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantSql.literal(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatementNamesATableAsAWordOutsideQuotesCommentsAndQualifiedColumns() {
        Set<String> partitioned = Set.of("account_line", "run_line");
        assertThat(SqlText.parse("SELECT sum(amount) FROM account_line WHERE tenant_id = :tenant").namesAny(partitioned)).isTrue();
        assertThat(SqlText.parse("SELECT l.id FROM statement s JOIN run_line l ON l.run_id = s.run_id").namesAny(partitioned)).isTrue();
        assertThat(SqlText.parse("SELECT s.run_line, 'run_line' FROM statement s -- run_line\n /* account_line */")
                .namesAny(partitioned)).as("a column after a dot, a literal, comments").isFalse();
        assertThat(SqlText.parse("SELECT 1 FROM period WHERE tenant_id = :tenant").namesAny(partitioned)).isFalse();
    }

    @Test
    void theTenantWrittenInLeavesTheOtherParametersInOrderAndQuotedTextAlone() {
        SqlText t = SqlText.parse("SELECT ':tenant ?', x FROM account_line WHERE tenant_id = :tenant AND member_ref = :ref"
                + " AND seq > ? /* :tenant */ AND other = :tenant");
        SqlText written = t.withTenantWritten("'acme'");
        assertThat(written.jdbc()).isEqualTo("SELECT ':tenant ?', x FROM account_line WHERE tenant_id = 'acme' AND member_ref = ?"
                + " AND seq > ? /* :tenant */ AND other = 'acme'");
        assertThat(written.parameters()).containsExactly("ref", null);
        SqlText none = SqlText.parse("SELECT 1 FROM period WHERE id = ?");
        assertThat(none.withTenantWritten("'acme'")).isSameAs(none);
    }
}
