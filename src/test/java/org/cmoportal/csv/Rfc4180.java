package org.cmoportal.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * A reader of RFC 4180 CSV written for the tests from the RFC alone (not the library the portal writes with), so
 * that what the portal writes is checked against the standard rather than against itself. Strict: a quote inside
 * an unquoted cell, text after a closing quote, an unclosed quote or a bare CR outside quotes fails the test.
 */
public final class Rfc4180 {

    private Rfc4180() {
    }

    /** The records of {@code text}, every one ended by CRLF as RFC 4180 writes them. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("a quoted cell is not closed");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
            } else {
                while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i++);
                    if (c == '"' || c == '\n') {
                        throw new IllegalArgumentException("an unquoted cell holds " + (c == '"' ? "a quote" : "a line feed")
                                + " at " + (i - 1));
                    }
                    cell.append(c);
                }
            }
            record.add(cell.toString());
            cell.setLength(0);
            if (i >= text.length()) {
                throw new IllegalArgumentException("the last record does not end with CRLF");
            }
            char end = text.charAt(i);
            if (end == ',') {
                i++;
            } else if (end == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i += 2;
                records.add(record);
                record = new ArrayList<>();
            } else {
                throw new IllegalArgumentException("expected a comma or CRLF after a cell at " + i);
            }
        }
        return records;
    }
}
