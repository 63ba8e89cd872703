package org.cmoportal.distribution;

import java.util.List;

/** A member ref's statement for a period: its lines and their total (zero with no lines when nothing is due). */
public record MemberStatement(String ref, long total, List<StatementLine> lines) {
}
