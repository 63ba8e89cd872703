-- Indexes for reading published statements: a member's history by ref, and the calculation trail's
-- look-up of one category's run lines (to show how the leftover minor units were handed out).
CREATE INDEX statement_member_idx ON statement (tenant_id, member_ref, period_id);
CREATE INDEX statement_period_idx ON statement (tenant_id, period_id, total DESC);
CREATE INDEX run_line_filing_category_idx ON run_line (run_id, filing_id, category_key);
CREATE INDEX statement_line_filing_idx ON statement_line (tenant_id, filing_id);
