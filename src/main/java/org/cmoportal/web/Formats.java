package org.cmoportal.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * How pages write money, rates and dates: {@code {fee.money(currency)}} gives "1,234.50", {@code {feeRate.percent}}
 * gives "12.5%", {@code {#time at=x.at /}} writes an instant or a day in the viewer's language (their browser's
 * {@code Accept-Language}) inside {@code <time datetime="...">} with the ISO form for machines. View records carry
 * minor units, exact rates and instants, never text made up for one page. Downloads (CSV, JSON) keep ISO.
 */
@TemplateExtension
public final class Formats {

    private Formats() {
    }

    /** Minor units in major units with the currency's digits and a ',' between groups of three: 123450 USD is "1,234.50". */
    public static String money(long minorUnits, CurrencyUnit currency) {
        return Amounts.formatGrouped(minorUnits, currency);
    }

    /**
     * A fee or a share as a percentage, exactly (a rate has at most six fraction digits, so a percentage has at
     * most four and nothing is rounded): 0.1 is "10%", 0.3 is "30%", 0.125 is "12.5%", 0.000001 is "0.0001%".
     */
    public static String percent(Rate rate) {
        return rate.toBigDecimal().movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** A rate as the API writes it ("0.125"), as a percentage. */
    @TemplateExtension(matchName = "percent")
    public static String percentOfText(String rate) {
        return percent(Rate.parse(rate));
    }

    /** Where no language the viewer accepts has date formats (or there is no request): English. */
    static final Locale DEFAULT_LOCALE = Locale.ENGLISH;

    private static final List<Locale> DATE_LOCALES = Arrays.asList(java.text.DateFormat.getAvailableLocales());

    /**
     * The language a viewer reads dates in, from an {@code Accept-Language} header ("de-DE,de;q=0.9,en;q=0.8"): the
     * first range with date formats, else English. A header that does not parse counts as none.
     */
    public static Locale localeOf(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return DEFAULT_LOCALE;
        }
        Locale known = LOCALES.get(acceptLanguage);
        if (known != null) {
            return known;
        }
        Locale found = lookUp(acceptLanguage);
        if (acceptLanguage.length() <= MAX_KEPT_HEADER) {
            if (LOCALES.size() >= MAX_KEPT_LOCALES) {
                LOCALES.clear();
            }
            LOCALES.put(acceptLanguage, found);
        }
        return found;
    }

    private static Locale lookUp(String acceptLanguage) {
        try {
            Locale found = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), DATE_LOCALES);
            return found == null || found.getLanguage().isEmpty() ? DEFAULT_LOCALE : found;
        } catch (IllegalArgumentException e) {
            return DEFAULT_LOCALE;
        }
    }

    // Parsing the header and looking its ranges up among the locales with date formats took about 0.14 ms on a loaded
    // machine (docs/performance.md, "Statement page, tenth session"), for every date a page writes: the statement page
    // writes four. Browsers send a handful of different headers, so the answers are kept by header: at most a thousand
    // headers of at most 200 characters (forgotten all at once when full, so made-up headers cannot grow it).
    private static final int MAX_KEPT_LOCALES = 1_000;
    private static final int MAX_KEPT_HEADER = 200;
    private static final ConcurrentHashMap<String, Locale> LOCALES = new ConcurrentHashMap<>();

    /** How many headers' languages are kept (tests). */
    static int localesKept() {
        return LOCALES.size();
    }

    /**
     * The language of the request being rendered, or English outside a request: the one thing of the request the
     * formats here read, so what is rendered with them and kept names it (statement/RenderedParts).
     */
    public static Locale viewerLocale() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.requestContext().isActive()) {
            return DEFAULT_LOCALE;
        }
        RoutingContext routing = arc.instance(CurrentVertxRequest.class).get().getCurrent();
        return routing == null ? DEFAULT_LOCALE : localeOf(routing.request().getHeader("Accept-Language"));
    }

    /** An instant as a person reads it in {@code locale}: the day and the minute in UTC ("Dec 1, 2026, 9:54 PM UTC"). */
    public static String dateTime(Instant at, Locale locale) {
        return DATE_TIMES.computeIfAbsent(locale, l -> DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(l).withZone(ZoneOffset.UTC)).format(at) + " UTC";
    }

    /** A day as a person reads it in {@code locale} ("Dec 1, 2026", "01.12.2026", "1 déc. 2026"). */
    public static String date(LocalDate day, Locale locale) {
        return DATES.computeIfAbsent(locale, l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l)).format(day);
    }

    // A formatter is immutable and building one looks up its locale's patterns: a page writes several dates per request
    // (the statement page three). Kept per locale; callers pass the locales of localeOf (those with date formats) or
    // a constant, so the maps stay as small as that list.
    private static final ConcurrentHashMap<Locale, DateTimeFormatter> DATES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Locale, DateTimeFormatter> DATE_TIMES = new ConcurrentHashMap<>();

    /** {@code {x.local}}: an instant in the viewer's language. */
    public static String local(Instant at) {
        return dateTime(at, viewerLocale());
    }

    /** {@code {x.local}}: a day in the viewer's language. */
    @TemplateExtension(matchName = "local")
    public static String localDay(LocalDate day) {
        return date(day, viewerLocale());
    }

    /** {@code {x.local}}: a moment with an offset, in the viewer's language (in UTC). */
    @TemplateExtension(matchName = "local")
    public static String localOffset(OffsetDateTime at) {
        return dateTime(at.toInstant(), viewerLocale());
    }

    /**
     * {@code {x.utcDay}}: the day of an instant in UTC, for a page that says on which day something happened rather
     * than when ({@code {#time at=x.at.utcDay /}}, or {@code {x.at.utcDay.local}} where there is no {@code <time>}).
     */
    public static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** {@code {x.iso}}: the ISO form for {@code <time datetime>}, to the second ("2026-12-01T21:54:18Z"). */
    public static String iso(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @TemplateExtension(matchName = "iso")
    public static String isoDay(LocalDate day) {
        return day.toString();
    }

    @TemplateExtension(matchName = "iso")
    public static String isoOffset(OffsetDateTime at) {
        return iso(at.toInstant());
    }

    /**
     * {@code {x.local}} for a date or instant a view carries as ISO text ("2026-12-01", "2026-12-01T21:54:18.123Z"):
     * written in the viewer's language; text that is neither is left as it is.
     */
    @TemplateExtension(matchName = "local")
    public static String localText(String iso) {
        Object parsed = parsed(iso);
        if (parsed instanceof Instant at) {
            return local(at);
        }
        return parsed instanceof LocalDate day ? localDay(day) : iso;
    }

    /**
     * {@code {x.iso}} for a date or instant carried as ISO text: to the second, as {@code <time datetime>} takes it;
     * null for text that is no ISO date (the time tag then writes the text alone).
     */
    @TemplateExtension(matchName = "iso")
    public static String isoText(String iso) {
        Object parsed = parsed(iso);
        if (parsed instanceof Instant at) {
            return iso(at);
        }
        return parsed instanceof LocalDate day ? day.toString() : null;
    }

    private static Object parsed(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return iso.length() <= 10 ? LocalDate.parse(iso) : OffsetDateTime.parse(iso).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
