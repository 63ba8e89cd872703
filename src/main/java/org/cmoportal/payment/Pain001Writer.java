package org.cmoportal.payment;

import java.io.OutputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * Writes an approved run as an ISO 20022 customer credit transfer initiation, {@code pain.001.001.09}, element by
 * element as the payments are read (StAX): one group header with the number of transactions and the control sum,
 * one payment information block from the CMO's account, one credit transfer per payment. Nothing holds the whole
 * document; the header's figures come from the run, which recorded them when it was proposed.
 */
final class Pain001Writer implements AutoCloseable {

    static final String NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
    /** Max35Text, Max140Text and the remittance line of the schema. */
    static final int MAX_ID = 35;
    static final int MAX_NAME = 140;
    static final int MAX_REMITTANCE = 140;

    /** What the header says, known before the first payment. */
    record Header(long runId, String debtorName, String debtorIban, String debtorBic, CurrencyUnit currency,
            int transactions, long controlSum, OffsetDateTime created, LocalDate executionDate) {
    }

    /** One payment, with the first refs it covers (for the remittance line) and how many it covers in all. */
    record Transfer(long paymentId, String creditorName, String creditorIban, String creditorBic, long amount,
            List<String> firstCovered, int covers) {
    }

    private final XMLStreamWriter xml;
    private final Header header;

    Pain001Writer(OutputStream out, Header header) {
        try {
            this.xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("StAX is not available", e);
        }
        this.header = header;
        start();
    }

    static Header header(long runId, String debtorName, String debtorIban, String debtorBic, CurrencyUnit currency,
            int transactions, long controlSum) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        return new Header(runId, debtorName, debtorIban, debtorBic, currency, transactions, controlSum, now, now.toLocalDate());
    }

    /** The message's id: the same for every download of a run, so a bank refuses a run sent twice. */
    static String messageId(long runId) {
        return "PAYMENT-RUN-" + runId;
    }

    static String endToEndId(long runId, long paymentId) {
        return "PR" + runId + "-P" + paymentId;
    }

    private void start() {
        try {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("Document");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeStartElement("CstmrCdtTrfInitn");
            xml.writeStartElement("GrpHdr");
            text("MsgId", messageId(header.runId()));
            text("CreDtTm", header.created().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            text("NbOfTxs", Integer.toString(header.transactions()));
            text("CtrlSum", Amounts.format(header.controlSum(), header.currency()));
            xml.writeStartElement("InitgPty");
            text("Nm", clip(header.debtorName(), MAX_NAME));
            xml.writeEndElement();
            xml.writeEndElement(); // GrpHdr

            boolean euro = "EUR".equals(header.currency().code());
            xml.writeStartElement("PmtInf");
            text("PmtInfId", messageId(header.runId()) + "-1");
            text("PmtMtd", "TRF");
            text("NbOfTxs", Integer.toString(header.transactions()));
            text("CtrlSum", Amounts.format(header.controlSum(), header.currency()));
            if (euro) {
                xml.writeStartElement("PmtTpInf");
                xml.writeStartElement("SvcLvl");
                text("Cd", "SEPA");
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeStartElement("ReqdExctnDt");
            text("Dt", header.executionDate().toString());
            xml.writeEndElement();
            xml.writeStartElement("Dbtr");
            text("Nm", clip(header.debtorName(), MAX_NAME));
            xml.writeEndElement();
            account("DbtrAcct", header.debtorIban());
            agent("DbtrAgt", header.debtorBic());
            text("ChrgBr", euro ? "SLEV" : "SHAR");
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write pain.001: " + e.getMessage(), e);
        }
    }

    /** One credit transfer, written at once. */
    void transfer(Transfer t) {
        try {
            xml.writeStartElement("CdtTrfTxInf");
            xml.writeStartElement("PmtId");
            text("InstrId", endToEndId(header.runId(), t.paymentId()));
            text("EndToEndId", endToEndId(header.runId(), t.paymentId()));
            xml.writeEndElement();
            xml.writeStartElement("Amt");
            xml.writeStartElement("InstdAmt");
            xml.writeAttribute("Ccy", header.currency().code());
            xml.writeCharacters(Amounts.format(t.amount(), header.currency()));
            xml.writeEndElement();
            xml.writeEndElement();
            if (t.creditorBic() != null) {
                agent("CdtrAgt", t.creditorBic());
            }
            xml.writeStartElement("Cdtr");
            text("Nm", clip(t.creditorName(), MAX_NAME));
            xml.writeEndElement();
            account("CdtrAcct", t.creditorIban());
            xml.writeStartElement("RmtInf");
            text("Ustrd", remittance(header.runId(), t.firstCovered(), t.covers()));
            xml.writeEndElement();
            xml.writeEndElement(); // CdtTrfTxInf
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write pain.001: " + e.getMessage(), e);
        }
    }

    /** "Payment run 12 for alice, bob (+3 more)", within the 140 characters of the unstructured remittance line. */
    static String remittance(long runId, List<String> firstCovered, int covers) {
        String head = "Payment run " + runId + " for ";
        StringBuilder b = new StringBuilder(head);
        int listed = 0;
        for (String ref : firstCovered) {
            String more = covers - listed - 1 > 0 ? " (+" + (covers - listed - 1) + " more)" : "";
            if (b.length() + (listed > 0 ? 2 : 0) + ref.length() + more.length() > MAX_REMITTANCE) {
                break;
            }
            b.append(listed > 0 ? ", " : "").append(ref);
            listed++;
        }
        if (listed < covers) {
            b.append(listed > 0 ? " " : "").append("(+").append(covers - listed).append(listed > 0 ? " more)" : " members)");
        }
        return clip(b.toString(), MAX_REMITTANCE);
    }

    private void account(String element, String iban) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeStartElement("Id");
        text("IBAN", iban);
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** The bank by its BIC, or "NOTPROVIDED" as the schema's usage rules ask when it is not known. */
    private void agent(String element, String bic) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeStartElement("FinInstnId");
        if (bic != null) {
            text("BICFI", bic);
        } else {
            xml.writeStartElement("Othr");
            text("Id", "NOTPROVIDED");
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private void text(String element, String value) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(xmlSafe(value));
        xml.writeEndElement();
    }

    /** XML 1.0 cannot carry some characters at all (names are printable, but refs may hold U+FFFE): '?' stands in. */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (!ok && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(ok ? c : '?');
            }
        }
        return b == null ? s : b.toString();
    }

    /** At most {@code max} characters, never cutting a surrogate pair. */
    static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** Closes the payment information, the message and the document, and flushes. */
    @Override
    public void close() {
        try {
            xml.writeEndElement(); // PmtInf
            xml.writeEndElement(); // CstmrCdtTrfInitn
            xml.writeEndElement(); // Document
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not finish pain.001: " + e.getMessage(), e);
        }
    }
}
