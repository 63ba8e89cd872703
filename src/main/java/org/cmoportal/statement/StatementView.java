package org.cmoportal.statement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cmoportal.statement.chart.HBarChart;
import org.cmoportal.web.Formats;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;

/**
 * A statement as the page, the CSV and the PDF show it: head, lines and the top-down summary
 * (before the fee, the fee, distributed to the member). {@code base} is the URL of the statement for the viewer's role.
 * {@code lines} are every line of the statement, and every sum, count and chart here is over them; {@code shown} is the
 * page of lines the page's table shows (searched, {@link StatementReader#linePage}), null where every line is shown.
 */
public record StatementView(StatementHeader head, List<StatementRow> lines, String base, boolean adminView, long beforeFee,
        long linesTotal, int builderCount, LocalDate publishedOn, LocalDate disputableUntil, StatementReader.LinePage shown) {

    /** The page's parameter of the lines' pages (the search is {@code q}). */
    public static final String LINES_PAGE = "linesPage";

    /**
     * The view of a statement's lines; the sums the page shows more than once are added up here, once (the page is
     * rendered for every request, and each use in the template would otherwise walk the lines again).
     */
    public StatementView(StatementHeader head, List<StatementRow> lines, String base, boolean adminView) {
        this(head, lines, base, adminView, beforeFee(lines), linesTotal(lines),
                (int) lines.stream().map(StatementRow::builder).distinct().count(), head.publishedOn(), null, null);
    }

    /** The same statement, whose member may dispute its lines through {@code lastDay}. */
    public StatementView disputableUntil(LocalDate lastDay) {
        return new StatementView(head, lines, base, adminView, beforeFee, linesTotal, builderCount, publishedOn, lastDay, shown);
    }

    /** The same statement, whose table shows {@code page} of its lines; its sums stay the whole statement's. */
    public StatementView showing(StatementReader.LinePage page) {
        return new StatementView(head, lines, base, adminView, beforeFee, linesTotal, builderCount, publishedOn, disputableUntil, page);
    }

    /** The search of the lines shown, as typed; empty for none. */
    public String lineQuery() {
        return shown == null ? "" : shown.query();
    }

    /** Where the page of lines shown stands: every line on one page where no page was read. */
    public Paging linePaging() {
        return shown == null ? Paging.of(1, Math.max(1, lines.size()), lines.size()) : shown.paging();
    }

    /** The statement's address with the lines' search, the base of the lines' pages' links. */
    public String linesBase() {
        return Paging.searched(base, lineQuery());
    }

    /**
     * A line as the page's table shows it, every cell ready to print. The table is the page's bulk (a
     * statement can have hundreds of lines); an expression inside a Qute loop that reaches outside it, such as
     * {@code l.amount.money(view.head.currency)}, is looked up through every enclosing scope for every line, so each cell is
     * computed here once and the loop reads only its own row. Each expression of the loop costs its lookup and its
     * escaping for every line, so text the page writes in one piece (the link's label) is one cell.
     */
    public record LineCells(long id, String builder, String model, String category, long units, long categoryUnits,
            String amount, String trailHref, String howLabel, String disputeHref, String disputeLabel) {
    }

    /** The cells of the lines the table shows: the page read, or every line where none was. */
    public List<LineCells> rows() {
        List<StatementRow> table = shown == null ? lines : shown.rows();
        List<LineCells> rows = new ArrayList<>(table.size());
        for (StatementRow l : table) {
            String amount = Formats.money(l.amount(), head.currency());
            rows.add(new LineCells(l.id(), l.builder(), l.model(), l.categoryLabel(), l.units(), l.categoryUnits(), amount,
                    adminView ? Routes.adminStatementLine(head.tenantId(), head.id(), l.id())
                            : Routes.memberStatementLine(head.tenantId(), head.id(), l.id()),
                    "How " + amount + " for " + l.model() + ", " + l.categoryLabel() + " came about",
                    disputableUntil == null ? null : Routes.disputeForm(head.tenantId(), l.id()),
                    disputableUntil == null ? null : "Dispute the line " + amount + " for " + l.model() + ", " + l.categoryLabel()));
        }
        return rows;
    }

    /** The lines' amounts grossed up to before the fee (see {@link StatementRow#beforeFee()}). */
    private static long beforeFee(List<StatementRow> lines) {
        long sum = 0;
        for (StatementRow l : lines) {
            sum += l.beforeFee();
        }
        return sum;
    }

    /** The CMO's fee as it falls on this member's lines: before fee minus what was distributed. */
    public long fee() {
        return beforeFee - head.total();
    }

    private static long linesTotal(List<StatementRow> lines) {
        long sum = 0;
        for (StatementRow l : lines) {
            sum += l.amount();
        }
        return sum;
    }

    /** Where this statement's money came from, by category. */
    public HBarChart byCategory() {
        Map<String, Long> sums = new TreeMap<>();
        for (StatementRow l : lines) {
            sums.merge(l.categoryLabel(), l.amount(), Long::sum);
        }
        return HBarChart.of("by-category-" + head.id(), "Earned by category",
                "How this statement's " + Formats.money(head.total(), head.currency()) + " " + head.currency().code() + " splits across data categories.",
                sums, head.currency());
    }

    public HBarChart byBuilder() {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (StatementRow l : lines) {
            sums.merge(l.builder(), l.amount(), Long::sum);
        }
        return HBarChart.of("by-builder-" + head.id(), "Earned by builder",
                "How this statement's total splits across the builders whose models used your work.", sums, head.currency());
    }
}
