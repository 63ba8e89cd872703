package org.cmoportal.tenant;

import java.util.List;
import java.util.Map;

import org.cmoportal.error.Problem;
import org.cmoportal.licence.LicenceService.LicenceView;
import org.cmoportal.member.Member;
import org.cmoportal.period.Period;

/**
 * What a CMO administrator's home shows: periods, licences, members, and the state of each form.
 *
 * @param problemsFor which form the problems belong to ("members", "import", "licences", "periods"), if any
 */
public record AdminHome(TenantView tenant, List<Period> periods, List<LicenceView> licences, List<Member> members,
        long memberCount, String query, String problemsFor, List<Problem> problems, Map<String, String> form,
        String notice) {
}
