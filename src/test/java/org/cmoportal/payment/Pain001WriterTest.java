package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import org.cmoportal.money.CurrencyUnit;
import org.junit.jupiter.api.Test;

import com.prowidesoftware.swift.model.mx.MxPain00100109;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import com.prowidesoftware.swift.model.mx.dic.CustomerCreditTransferInitiationV09;
import com.prowidesoftware.swift.model.mx.dic.PaymentInstruction30;

/**
 * The pain.001.001.09 writer, read back by Prowide ISO 20022's model of the message: every field, the number of
 * transactions and the control sum; and the children of each element in the order the schema's sequences give
 * (Prowide's reader accepts any order, a bank's validator does not).
 */
class Pain001WriterTest {

    static final List<Pain001Writer.Transfer> TRANSFERS = List.of(
            new Pain001Writer.Transfer(11, "Alice Martin", "DE89370400440532013000", "COBADEFFXXX", 123_456, List.of("alice"), 1),
            new Pain001Writer.Transfer(12, "Guild & Co <Publishing>", "FR1420041010050500013M02606", null, 99,
                    List.of("bob", "carol", "erin"), 3),
            new Pain001Writer.Transfer(13, "Zoë Ærøskøbing", "NL91ABNA0417164300", "ABNANL2A", 1, List.of("zoë"), 1));

    static String write(String currency, List<Pain001Writer.Transfer> transfers, String debtorBic) {
        long total = transfers.stream().mapToLong(Pain001Writer.Transfer::amount).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Pain001Writer w = new Pain001Writer(out, Pain001Writer.header(42, "Press & News Guild", "GB82WEST12345698765432",
                debtorBic, CurrencyUnit.of(currency), transfers.size(), total))) {
            transfers.forEach(w::transfer);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prowideReadsEveryFieldTheCountAndTheControlSum() {
        String xml = write("EUR", TRANSFERS, "NWBKGB2L");
        MxPain00100109 mx = MxPain00100109.parse(xml);
        CustomerCreditTransferInitiationV09 msg = mx.getCstmrCdtTrfInitn();
        assertThat(msg).isNotNull();
        assertThat(msg.getGrpHdr().getMsgId()).isEqualTo("PAYMENT-RUN-42");
        assertThat(msg.getGrpHdr().getCreDtTm()).isNotNull();
        assertThat(msg.getGrpHdr().getNbOfTxs()).isEqualTo("3");
        assertThat(msg.getGrpHdr().getCtrlSum()).isEqualByComparingTo("1235.56");
        assertThat(msg.getGrpHdr().getInitgPty().getNm()).isEqualTo("Press & News Guild");

        assertThat(msg.getPmtInf()).hasSize(1);
        PaymentInstruction30 p = msg.getPmtInf().get(0);
        assertThat(p.getPmtInfId()).isEqualTo("PAYMENT-RUN-42-1");
        assertThat(p.getPmtMtd().value()).isEqualTo("TRF");
        assertThat(p.getNbOfTxs()).isEqualTo("3");
        assertThat(p.getCtrlSum()).isEqualByComparingTo("1235.56");
        assertThat(p.getPmtTpInf().getSvcLvl().get(0).getCd()).isEqualTo("SEPA");
        assertThat(p.getReqdExctnDt().getDt()).isNotNull();
        assertThat(p.getDbtr().getNm()).isEqualTo("Press & News Guild");
        assertThat(p.getDbtrAcct().getId().getIBAN()).isEqualTo("GB82WEST12345698765432");
        assertThat(p.getDbtrAgt().getFinInstnId().getBICFI()).isEqualTo("NWBKGB2L");
        assertThat(p.getChrgBr().value()).isEqualTo("SLEV");

        List<CreditTransferTransaction34> txs = p.getCdtTrfTxInf();
        assertThat(txs).hasSize(TRANSFERS.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < txs.size(); i++) {
            CreditTransferTransaction34 tx = txs.get(i);
            Pain001Writer.Transfer t = TRANSFERS.get(i);
            assertThat(tx.getPmtId().getEndToEndId()).isEqualTo("PR42-P" + t.paymentId());
            assertThat(tx.getPmtId().getInstrId()).isEqualTo("PR42-P" + t.paymentId());
            assertThat(tx.getAmt().getInstdAmt().getCcy()).isEqualTo("EUR");
            assertThat(tx.getAmt().getInstdAmt().getValue()).isEqualByComparingTo(BigDecimal.valueOf(t.amount(), 2));
            assertThat(tx.getCdtr().getNm()).isEqualTo(t.creditorName());
            assertThat(tx.getCdtrAcct().getId().getIBAN()).isEqualTo(t.creditorIban());
            if (t.creditorBic() == null) {
                assertThat(tx.getCdtrAgt()).isNull();
            } else {
                assertThat(tx.getCdtrAgt().getFinInstnId().getBICFI()).isEqualTo(t.creditorBic());
            }
            assertThat(tx.getRmtInf().getUstrd()).singleElement().asString().startsWith("Payment run 42 for ")
                    .contains(t.firstCovered().get(0));
            sum = sum.add(tx.getAmt().getInstdAmt().getValue());
        }
        assertThat(sum).isEqualByComparingTo(msg.getGrpHdr().getCtrlSum());
        assertThat(txs.get(1).getRmtInf().getUstrd().get(0)).isEqualTo("Payment run 42 for bob, carol, erin");
    }

    @Test
    void anUnknownBicIsNotProvidedAndOtherCurrenciesShareCharges() {
        String xml = write("JPY", List.of(new Pain001Writer.Transfer(7, "Taro", "DE89370400440532013000", null, 5_000,
                List.of("taro"), 1)), null);
        PaymentInstruction30 p = MxPain00100109.parse(xml).getCstmrCdtTrfInitn().getPmtInf().get(0);
        assertThat(p.getDbtrAgt().getFinInstnId().getBICFI()).isNull();
        assertThat(p.getDbtrAgt().getFinInstnId().getOthr().getId()).isEqualTo("NOTPROVIDED");
        assertThat(p.getPmtTpInf()).isNull();
        assertThat(p.getChrgBr().value()).isEqualTo("SHAR");
        assertThat(p.getCtrlSum()).isEqualByComparingTo("5000");
        assertThat(p.getCdtTrfTxInf().get(0).getAmt().getInstdAmt().getValue()).isEqualByComparingTo("5000");
    }

    /** The sequences of the pain.001.001.09 schema for the elements the writer uses, in the schema's order. */
    static final Map<String, List<String>> SEQUENCES = Map.of(
            "Document", List.of("CstmrCdtTrfInitn"),
            "CstmrCdtTrfInitn", List.of("GrpHdr", "PmtInf", "SplmtryData"),
            "GrpHdr", List.of("MsgId", "CreDtTm", "Authstn", "NbOfTxs", "CtrlSum", "InitgPty", "FwdgAgt"),
            "PmtInf", List.of("PmtInfId", "PmtMtd", "BtchBookg", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt",
                    "PoolgAdjstmntDt", "Dbtr", "DbtrAcct", "DbtrAgt", "DbtrAgtAcct", "InstrForDbtrAgt", "UltmtDbtr", "ChrgBr",
                    "ChrgsAcct", "ChrgsAcctAgt", "CdtTrfTxInf"),
            "CdtTrfTxInf", List.of("PmtId", "PmtTpInf", "Amt", "XchgRateInf", "ChrgBr", "ChqInstr", "UltmtDbtr", "IntrmyAgt1",
                    "IntrmyAgt1Acct", "IntrmyAgt2", "IntrmyAgt2Acct", "IntrmyAgt3", "IntrmyAgt3Acct", "CdtrAgt", "CdtrAgtAcct",
                    "Cdtr", "CdtrAcct", "UltmtCdtr", "InstrForCdtrAgt", "InstrForDbtrAgt", "Purp", "RgltryRptg", "Tax",
                    "RltdRmtInf", "RmtInf", "SplmtryData"),
            "PmtId", List.of("InstrId", "EndToEndId", "UETR"),
            "FinInstnId", List.of("BICFI", "ClrSysMmbId", "LEI", "Nm", "PstlAdr", "Othr"));

    @Test
    void childrenComeInTheSchemasOrderInTheSchemasNamespace() throws Exception {
        String xml = write("EUR", TRANSFERS, null);
        XMLStreamReader r = XMLInputFactory.newFactory().createXMLStreamReader(new StringReader(xml));
        List<String> path = new ArrayList<>();
        List<Integer> lastIndex = new ArrayList<>();
        int checked = 0;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                assertThat(r.getNamespaceURI()).isEqualTo(Pain001Writer.NAMESPACE);
                String name = r.getLocalName();
                if (!path.isEmpty()) {
                    List<String> order = SEQUENCES.get(path.get(path.size() - 1));
                    if (order != null) {
                        int at = order.indexOf(name);
                        assertThat(at).as("%s inside %s", name, path).isNotNegative();
                        assertThat(at).as("%s after a later sibling inside %s", name, path)
                                .isGreaterThanOrEqualTo(lastIndex.get(lastIndex.size() - 1));
                        lastIndex.set(lastIndex.size() - 1, at);
                        checked++;
                    }
                }
                path.add(name);
                lastIndex.add(-1);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                path.remove(path.size() - 1);
                lastIndex.remove(lastIndex.size() - 1);
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void theRemittanceLineNamesWhomItCoversWithin140Characters() {
        assertThat(Pain001Writer.remittance(7, List.of("alice"), 1)).isEqualTo("Payment run 7 for alice");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add("member-with-a-long-ref-" + i);
        }
        String line = Pain001Writer.remittance(7, many, 500);
        assertThat(line).hasSizeLessThanOrEqualTo(140).startsWith("Payment run 7 for member-with-a-long-ref-0").endsWith("more)");
        assertThat(Pain001Writer.remittance(7, List.of("x".repeat(200)), 1)).hasSizeLessThanOrEqualTo(140);
        assertThat(Pain001Writer.xmlSafe("a\uFFFEb\uD800")).isEqualTo("a?b?");
    }
}
