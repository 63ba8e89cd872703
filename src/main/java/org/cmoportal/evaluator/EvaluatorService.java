package org.cmoportal.evaluator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

    /**
     * An evaluator organisation as its pages head it, without its users (they come a page at a time): how many it has,
     * and the tenants that trust it.
     */
    public record Evaluator(Long id, String slug, String name, long userCount, List<String> trustedBy) {
    }

    /** A page of evaluator organisations as the operator's list shows it, where it stands, and how many there are. */
    public record Found(List<Evaluator> evaluators, Paging paging, long total) {
    }

    /** An evaluator organisation with a page of its users (usernames) as searched, and where the page stands. */
    public record FoundUsers(Evaluator evaluator, List<String> users, Paging paging) {
    }

    /**
     * The page {@code requested} of the evaluator organisations whose name or slug holds the search (any case), by
     * name, for the operator's list: each with how many users it has.
     */
    @Transactional
    public Found find(String query, int requested) {
        Paging.Page<EvaluatorOrg> page = page(query, requested, Paging.SIZE);
        long total = Paging.contains(query) == null ? page.paging().count() : EvaluatorOrg.count();
        return new Found(page.rows().stream().map(EvaluatorService::heading).toList(), page.paging(), total);
    }

    /** The same page of {@code size} organisations, each with its users, for the API. */
    @Transactional
    public Paging.Page<EvaluatorView> views(String query, int requested, int size) {
        Paging.Page<EvaluatorOrg> page = page(query, requested, size);
        return new Paging.Page<>(page.rows().stream().map(EvaluatorService::view).toList(), page.paging());
    }

    /** Counted and read a page at a time in the database, by name (then slug, so a page boundary is the same each time). */
    private static Paging.Page<EvaluatorOrg> page(String query, int requested, int size) {
        return Paging.search((hql, parameters) -> EvaluatorOrg.<EvaluatorOrg>find(hql, parameters), query, requested, size,
                "name, slug", "name", "slug");
    }

    /**
     * The organisation and the page {@code requested} of its users whose username or display name holds the search
     * (any case), in the order they were affiliated; 404 for an organisation that does not exist. Counted and read a
     * page at a time in the database: an organisation may have thousands of evaluators.
     */
    @Transactional
    public FoundUsers findUsers(String slug, String query, int requested) {
        EvaluatorOrg org = slug == null ? null : EvaluatorOrg.findBySlug(slug);
        if (org == null) {
            throw DomainException.notFound("Evaluator organisation '" + slug + "'");
        }
        String q = Paging.contains(query);
        String where = "kind = :kind and evaluatorId = :org" + (q == null ? "" : " and userId in (select u.id from AppUser u"
                + " where locate(:q, lower(u.username)) > 0 or locate(:q, lower(coalesce(u.displayName, ''))) > 0)");
        Parameters params = Parameters.with("kind", Affiliation.Kind.EVALUATOR_USER).and("org", org.id);
        if (q != null) {
            params = params.and("q", q);
        }
        Paging paging = Paging.of(requested, Paging.SIZE, Affiliation.count(where, params));
        List<Affiliation> rows = Affiliation.<Affiliation>find(where + " order by id", params)
                .range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list();
        return new FoundUsers(heading(org), usernames(rows), paging);
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
        List<String> users = usernames(Affiliation.list("kind = ?1 and evaluatorId = ?2 order by id",
                Affiliation.Kind.EVALUATOR_USER, org.id));
        return new EvaluatorView(org.id, org.slug, org.name, users, trustedBy(org));
    }

    private static Evaluator heading(EvaluatorOrg org) {
        return new Evaluator(org.id, org.slug, org.name,
                Affiliation.count("kind = ?1 and evaluatorId = ?2", Affiliation.Kind.EVALUATOR_USER, org.id), trustedBy(org));
    }

    private static List<String> trustedBy(EvaluatorOrg org) {
        return EvaluatorTrust.<EvaluatorTrust>list("evaluatorId = ?1 order by tenantId", org.id).stream().map(t -> t.tenantId).toList();
    }

    /** The usernames of these affiliations, in their order, with one read of the users. */
    private static List<String> usernames(List<Affiliation> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, String> names = AppUser.<AppUser>list("id in ?1", rows.stream().map(r -> r.userId).toList()).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.username));
        return rows.stream().map(r -> names.get(r.userId)).toList();
    }
}
