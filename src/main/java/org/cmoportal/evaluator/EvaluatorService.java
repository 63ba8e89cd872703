package org.cmoportal.evaluator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.web.Paging;

import io.quarkus.panache.common.Parameters;

/** The operator's work on evaluator organisations: registering them and affiliating their users. */
@ApplicationScoped
public class EvaluatorService {

    private static final String SLUG = "[a-z0-9][a-z0-9-]{1,39}";

    @Inject
    AuditLog audit;

    /** An evaluator organisation with its users and the tenants that trust it. */
    public record EvaluatorView(Long id, String slug, String name, List<String> users, List<String> trustedBy) {
    }

    @Transactional
    public EvaluatorOrg create(String slug, String name) {
        List<Problem> problems = new ArrayList<>();
        if (slug == null || !slug.strip().matches(SLUG)) {
            problems.add(new Problem("slug", "Use 2 to 40 lower-case letters, digits or hyphens, for example example-evals."));
        }
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            problems.add(new Problem("name", "Give the organisation's name as builders write it on filings (1 to 200 characters)."));
        } else {
            PrintableText.check("name", name.strip()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (EvaluatorOrg.findBySlug(slug.strip()) != null) {
            throw DomainException.conflict("evaluator-exists", "An evaluator organisation with the slug '" + slug.strip()
                    + "' already exists; choose another slug.");
        }
        EvaluatorOrg org = new EvaluatorOrg();
        org.slug = slug.strip();
        org.name = name.strip();
        org.persistAndFlush();
        audit.record("evaluator.create", "evaluator", org.slug, null, Map.of("name", org.name));
        return org;
    }

    /** Makes {@code username} a user of the evaluator organisation (their token must carry the evaluator role). */
    @Transactional
    public void affiliate(String evaluatorSlug, String username) {
        EvaluatorOrg org = EvaluatorOrg.findBySlug(evaluatorSlug);
        if (org == null) {
            throw DomainException.notFound("Evaluator organisation '" + evaluatorSlug + "'");
        }
        if (username == null || username.isBlank()) {
            throw DomainException.invalid("username", "Give the username the evaluator signs in with.");
        }
        AppUser u = AppUser.findOrCreate(username.strip());
        if (Affiliation.count("userId = ?1 and kind = ?2 and evaluatorId = ?3", u.id, Affiliation.Kind.EVALUATOR_USER, org.id) > 0) {
            return;
        }
        Affiliation a = Affiliation.of(u.id, Affiliation.Kind.EVALUATOR_USER);
        a.evaluatorId = org.id;
        a.persist();
        audit.record("evaluator.user.add", "user", u.username, null, Map.of("evaluator", org.slug));
    }

    /** A page of evaluator organisations as the operator's list shows it, where it stands, and how many there are. */
    public record Found(List<EvaluatorView> evaluators, Paging paging, long total) {
    }

    /**
     * The page {@code requested} of the evaluator organisations whose name or slug holds the search (any case), by
     * name; counted and read a page at a time in the database.
     */
    @Transactional
    public Found find(String query, int requested) {
        long total = EvaluatorOrg.count();
        String q = Paging.contains(query);
        String where = "locate(:q, lower(name)) > 0 or locate(:q, lower(slug)) > 0";
        Paging paging = Paging.of(requested, Paging.SIZE, q == null ? total : EvaluatorOrg.count(where, Parameters.with("q", q)));
        List<EvaluatorOrg> page = (q == null ? EvaluatorOrg.<EvaluatorOrg>find("order by name, slug")
                : EvaluatorOrg.<EvaluatorOrg>find(where + " order by name, slug", Parameters.with("q", q)))
                .range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list();
        return new Found(page.stream().map(EvaluatorService::view).toList(), paging, total);
    }

    /** Every evaluator organisation, by name (the API's list). */
    @Transactional
    public List<EvaluatorView> all() {
        return EvaluatorOrg.<EvaluatorOrg>list("order by name").stream().map(EvaluatorService::view).toList();
    }

    /** The evaluator organisations with these ids (a person's own). */
    @Transactional
    public List<EvaluatorOrg> withIds(Collection<Long> ids) {
        return ids.stream().map(id -> EvaluatorOrg.<EvaluatorOrg>findById(id)).toList();
    }

    @Transactional
    public EvaluatorView of(String slug) {
        EvaluatorOrg org = EvaluatorOrg.findBySlug(slug);
        if (org == null) {
            throw DomainException.notFound("Evaluator organisation '" + slug + "'");
        }
        return view(org);
    }

    private static EvaluatorView view(EvaluatorOrg org) {
        List<String> users = Affiliation.<Affiliation>list("kind = ?1 and evaluatorId = ?2 order by id",
                Affiliation.Kind.EVALUATOR_USER, org.id).stream().map(a -> AppUser.<AppUser>findById(a.userId).username).toList();
        List<String> trustedBy = EvaluatorTrust.<EvaluatorTrust>list("evaluatorId = ?1 order by tenantId", org.id).stream()
                .map(t -> t.tenantId).toList();
        return new EvaluatorView(org.id, org.slug, org.name, users, trustedBy);
    }
}
