package org.cmoportal.verification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.web.Paging;

/** A builder's mixture commitments: registered by the builder's users, read by every CMO it files with. */
@ApplicationScoped
public class CommitmentService {

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    /**
     * What a builder registers: the model and either the mixture digest or the mixture itself (the
     * portal then computes the digest); {@code builder} only if the caller belongs to several organisations.
     */
    public record CommitmentRequest(String builder, String model, String mixtureSha256, Map<String, String> mixtureWeights,
            String note) {
    }

    /** A commitment as pages and JSON show it. */
    public record CommitmentView(Long id, String builder, String model, String mixtureSha256, String note,
            String committedBy, java.time.Instant committedAt) {
    }

    @Transactional
    public CommitmentView register(CommitmentRequest request) {
        CommitmentRequest r = request == null ? new CommitmentRequest(null, null, null, null, null) : request;
        List<Problem> problems = new ArrayList<>();
        BuilderOrg org = builder(r.builder(), problems);
        if (r.model() == null || r.model().isBlank() || r.model().strip().length() > 200) {
            problems.add(new Problem("model", "Name the model as you will file it (1 to 200 characters), for example acme-llm-7."));
        }
        String digest = null;
        boolean hasDigest = r.mixtureSha256() != null && !r.mixtureSha256().isBlank();
        boolean hasWeights = r.mixtureWeights() != null && !r.mixtureWeights().isEmpty();
        if (hasDigest == hasWeights) {
            problems.add(new Problem("mixtureSha256", "Give either the SHA-256 of the mixture's canonical text or the mixture weights themselves, not both."));
        } else if (hasDigest) {
            digest = r.mixtureSha256().strip().toLowerCase(Locale.ROOT);
            if (!FilingDigests.isSha256Hex(digest)) {
                problems.add(new Problem("mixtureSha256", "Use 64 hexadecimal digits, as sha256sum prints them (see docs/verification.md for the canonical text)."));
            }
        } else {
            try {
                digest = FilingDigests.mixture(MixtureWeights.parse(r.mixtureWeights()).weights());
            } catch (org.cmoportal.distribution.CalculationInputException e) {
                problems.add(new Problem(e.where(), e.getMessage().substring(e.where().length() + 2)));
            }
        }
        if (r.note() != null && r.note().length() > 500) {
            problems.add(new Problem("note", "Keep the note to 500 characters."));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        String model = r.model().strip();
        if (MixtureCommitment.count("builderId = ?1 and model = ?2 and mixtureSha256 = ?3", org.id, model, digest) > 0) {
            throw DomainException.conflict("commitment-exists", org.name + " has already committed to this mixture for " + model + ".");
        }
        MixtureCommitment c = new MixtureCommitment();
        c.builderId = org.id;
        c.model = model;
        c.mixtureSha256 = digest;
        c.note = r.note() == null || r.note().isBlank() ? null : r.note().strip();
        c.committedBy = user.actor();
        c.persistAndFlush();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("builder", org.slug);
        after.put("model", model);
        after.put("mixtureSha256", digest);
        audit.record("commitment.register", "commitment", c.id, null, after);
        return view(c, org);
    }

    /** The commitments of every organisation the caller belongs to, newest first. */
    @Transactional
    public List<CommitmentView> mine() {
        Set<Long> orgs = user.affiliations().builderIds();
        if (orgs.isEmpty()) {
            return List.of();
        }
        return MixtureCommitment.<MixtureCommitment>list("builderId in ?1 order by committedAt desc, id desc", orgs).stream()
                .map(c -> view(c, BuilderOrg.findById(c.builderId))).toList();
    }

    /** A page of the caller's commitments. */
    public record Mine(Paging paging, List<CommitmentView> rows) {
    }

    /** The caller's commitments a page at a time, newest first, searched by model, digest or note. */
    @Transactional
    public Mine mine(String query, int page) {
        Set<Long> orgs = user.affiliations().builderIds();
        if (orgs.isEmpty()) {
            return new Mine(Paging.of(1, Paging.SIZE, 0), List.of());
        }
        String q = Paging.contains(query);
        String where = "builderId in :orgs" + (q == null ? ""
                : " and (locate(:q, lower(model)) > 0 or locate(:q, lower(mixtureSha256)) > 0 or locate(:q, lower(coalesce(note, ''))) > 0)");
        io.quarkus.panache.common.Parameters params = io.quarkus.panache.common.Parameters.with("orgs", orgs);
        if (q != null) {
            params = params.and("q", q);
        }
        Paging paging = Paging.of(page, Paging.SIZE, MixtureCommitment.count(where, params));
        return new Mine(paging, MixtureCommitment.<MixtureCommitment>find(where + " order by committedAt desc, id desc", params)
                .range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list().stream()
                .map(c -> view(c, BuilderOrg.findById(c.builderId))).toList());
    }

    private BuilderOrg builder(String slug, List<Problem> problems) {
        Set<Long> orgs = user.affiliations().builderIds();
        if (slug == null || slug.isBlank()) {
            if (orgs.size() == 1) {
                return BuilderOrg.findById(orgs.iterator().next());
            }
            if (orgs.isEmpty()) {
                throw DomainException.notFound("Builder organisation");
            }
            problems.add(new Problem("builder", "You belong to several builder organisations: say which one commits."));
            return null;
        }
        BuilderOrg org = BuilderOrg.findBySlug(slug.strip());
        if (org == null || !orgs.contains(org.id)) {
            throw DomainException.notFound("Builder organisation '" + slug.strip() + "'");
        }
        return org;
    }

    private static CommitmentView view(MixtureCommitment c, BuilderOrg org) {
        return new CommitmentView(c.id, org.slug, c.model, c.mixtureSha256, c.note, c.committedBy, c.committedAt);
    }
}
