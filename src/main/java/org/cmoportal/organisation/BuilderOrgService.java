package org.cmoportal.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.Affiliations;
import org.cmoportal.identity.AppUser;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.identity.Roles;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

import io.quarkus.panache.common.Parameters;

/**
 * Who belongs to a builder organisation. The operator creates an organisation and names its first administrator;
 * from then on only its administrators (or the operator) add and remove its users. A CMO never does: it licenses.
 */
@ApplicationScoped
public class BuilderOrgService {

    static final String SLUG = "[a-z0-9][a-z0-9-]{1,39}";

    /** One person of an organisation, and whether they manage its users. */
    public record OrgUser(String username, boolean admin) {
    }

    /**
     * An organisation as the API gives it: a page of its users (administrators first) and the CMOs that license it (by
     * name). {@code users} keeps the name and shape it always had, but holds one page: the first
     * {@value Paging#API_SIZE} where the organisation is one of many ({@code GET /builders}, and the answers to changes
     * of its users), the page asked of {@code GET /builders/{b}/users}. An organisation may have thousands of users, and
     * a list of organisations each with all its users would read them all; {@code userCount}, added beside it, tells a
     * client whether there are more to page through on {@code /builders/{b}/users}. A client of an organisation with
     * fewer users than a page reads what it always read.
     */
    public record OrganisationView(Long id, String slug, String name, List<OrgUser> users, long userCount, List<String> licensedBy) {

        /** False only for an organisation from before administrators existed, until the operator names one. */
        public boolean hasAdministrator() {
            return users.stream().anyMatch(OrgUser::admin);
        }
    }

    /**
     * An organisation as its pages head it, without its users (they come a page at a time): its administrators, whom
     * to ask, how many users it has, and the CMOs that license it (by name).
     */
    public record Organisation(Long id, String slug, String name, List<String> administrators, long userCount,
            List<String> licensedBy) {

        /** False only for an organisation from before administrators existed, until the operator names one. */
        public boolean hasAdministrator() {
            return !administrators.isEmpty();
        }
    }

    /** A page of organisations as the operator's list shows it, where it stands, and how many there are in all. */
    public record Found(List<Organisation> organisations, Paging paging, long total) {
    }

    /** An organisation with a page of its users as searched, and where the page stands. */
    public record FoundUsers(Organisation org, List<OrgUser> users, Paging paging) {
    }

    /** An organisation the signed-in person belongs to. */
    public record Membership(Long id, String slug, String name, boolean admin) {
    }

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Inject
    TenantNames tenants;

    @Inject
    TenantSql sql;

    /** The operator's step: a new organisation, and {@code admin} as its first administrator. */
    @Transactional
    public OrganisationView create(String slug, String name, String admin) {
        List<Problem> problems = new ArrayList<>();
        if (slug == null || !slug.strip().matches(SLUG)) {
            problems.add(new Problem("slug", "Use 2 to 40 lower-case letters, digits or hyphens, for example acme-ai: CMOs license the organisation by it."));
        }
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            problems.add(new Problem("name", "Give the organisation's name as CMOs and members will read it (1 to 200 characters)."));
        } else {
            PrintableText.check("name", name).ifPresent(problems::add);
        }
        usernameProblem("admin", admin, "Name the organisation's first administrator: the username they sign in with"
                + " (their account needs the builder role).").ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (BuilderOrg.findBySlug(slug.strip()) != null) {
            throw DomainException.conflict("builder-exists", "A builder organisation with the slug '" + slug.strip()
                    + "' already exists; choose another slug.");
        }
        BuilderOrg org = new BuilderOrg();
        org.slug = slug.strip();
        org.name = name.strip();
        org.persistAndFlush();
        audit.record("builder.create", "builder", org.slug, null, Map.of("name", org.name));
        affiliate(org, AppUser.findOrCreate(admin.strip()), true);
        return view(org);
    }

    /** The organisation and the first page of its users, for one of its users or the operator; anyone else gets 404. */
    @Transactional
    public OrganisationView users(String slug) {
        return view(visible(slug));
    }

    /**
     * The organisation and the page {@code requested} of its users whose username or display name holds the search
     * (any case), administrators first; for one of its users or the operator, anyone else gets 404.
     */
    @Transactional
    public FoundUsers findUsers(String slug, String query, int requested) {
        BuilderOrg org = visible(slug);
        Paging.Page<OrgUser> page = userPage(org, query, requested, Paging.SIZE);
        return new FoundUsers(heading(org), page.rows(), page.paging());
    }

    /**
     * The same for the API: the organisation with the page {@code requested} ({@code size} users) of its users as
     * searched; {@code userCount} is all its users, the page's {@link Paging#count()} those that match.
     */
    @Transactional
    public Paging.Page<OrganisationView> usersPage(String slug, String query, int requested, int size) {
        BuilderOrg org = visible(slug);
        Paging.Page<OrgUser> page = userPage(org, query, requested, size);
        return new Paging.Page<>(List.of(new OrganisationView(org.id, org.slug, org.name, page.rows(), userCount(org),
                licensedBy(org))), page.paging());
    }

    /**
     * The page {@code requested} of the organisation's users whose username or display name holds the search (any
     * case), administrators first. Counted and read a page at a time in the database: an organisation may have
     * thousands of users.
     */
    private static Paging.Page<OrgUser> userPage(BuilderOrg org, String query, int requested, int size) {
        String q = Paging.contains(query);
        String where = "kind = :kind and builderId = :org" + (q == null ? "" : " and userId in (select u.id from AppUser u"
                + " where locate(:q, lower(u.username)) > 0 or locate(:q, lower(coalesce(u.displayName, ''))) > 0)");
        Parameters params = Parameters.with("kind", Affiliation.Kind.BUILDER_USER).and("org", org.id);
        if (q != null) {
            params = params.and("q", q);
        }
        Paging paging = Paging.of(requested, size, Affiliation.count(where, params));
        List<Affiliation> rows = Affiliation.<Affiliation>find(where + " order by orgAdmin desc, id", params)
                .range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list();
        return new Paging.Page<>(named(rows), paging);
    }

    /** Whether the signed-in person may add and remove the users of the organisation {@code id}. */
    public boolean manages(Long id) {
        return user.hasRole(Roles.OPERATOR) || user.affiliations().administersOrganisation(id);
    }

    /**
     * Adds {@code username} to the organisation, or changes whether they administer it ({@code admin} null leaves an
     * existing user as they are, and adds a new one as a plain user). Answers whether the person was added.
     */
    @Transactional
    public boolean putUser(String slug, String username, Boolean admin) {
        BuilderOrg org = manageable(slug);
        usernameProblem("username", username, "Give the username the person signs in with (their account needs the builder role).")
                .ifPresent(p -> {
                    throw DomainException.invalid(List.of(p));
                });
        AppUser person = AppUser.findOrCreate(username.strip());
        Affiliation a = affiliation(org, person);
        if (a == null) {
            affiliate(org, person, Boolean.TRUE.equals(admin));
            return true;
        }
        if (admin != null && admin != a.orgAdmin) {
            if (!admin) {
                requireAnotherAdmin(org, person);
            }
            a.orgAdmin = admin;
            audit.record("builder.user.admin", "user", person.username, Map.of("builder", org.slug, "admin", !admin),
                    Map.of("builder", org.slug, "admin", admin));
        }
        return false;
    }

    /** Removes {@code username} from the organisation; never its last administrator. */
    @Transactional
    public void removeUser(String slug, String username) {
        BuilderOrg org = manageable(slug);
        AppUser person = username == null ? null : AppUser.findByUsername(username.strip());
        Affiliation a = person == null ? null : affiliation(org, person);
        if (a == null) {
            throw DomainException.notFound("User '" + username + "' of " + org.name);
        }
        if (a.orgAdmin) {
            requireAnotherAdmin(org, person);
        }
        a.delete();
        audit.record("builder.user.remove", "user", person.username, Map.of("builder", org.slug, "admin", a.orgAdmin), null);
    }

    /**
     * The page {@code requested} of the organisations whose name or slug holds the search (any case), by name, for the
     * operator's list: each with its administrators and how many users it has.
     */
    @Transactional
    public Found find(String query, int requested) {
        Paging.Page<BuilderOrg> page = page(query, requested, Paging.SIZE);
        long total = Paging.contains(query) == null ? page.paging().count() : BuilderOrg.count();
        return new Found(page.rows().stream().map(this::heading).toList(), page.paging(), total);
    }

    /** The same page of {@code size} organisations, each with its users, for the API. */
    @Transactional
    public Paging.Page<OrganisationView> views(String query, int requested, int size) {
        Paging.Page<BuilderOrg> page = page(query, requested, size);
        return new Paging.Page<>(page.rows().stream().map(this::view).toList(), page.paging());
    }

    /** Counted and read a page at a time in the database, by name (then slug, so a page boundary is the same each time). */
    private static Paging.Page<BuilderOrg> page(String query, int requested, int size) {
        return Paging.search((hql, parameters) -> BuilderOrg.<BuilderOrg>find(hql, parameters), query, requested, size,
                "name, slug", "name", "slug");
    }

    /** The organisations the signed-in person belongs to, by name. */
    @Transactional
    public List<Membership> mine() {
        Affiliations a = user.affiliations();
        if (a.builderIds().isEmpty()) {
            return List.of();
        }
        return BuilderOrg.<BuilderOrg>list("id in ?1 order by name, slug", a.builderIds()).stream()
                .map(o -> new Membership(o.id, o.slug, o.name, a.administersOrganisation(o.id))).toList();
    }

    /** The organisation if the caller belongs to it or runs the platform; for anyone else it does not exist. */
    private BuilderOrg visible(String slug) {
        BuilderOrg org = slug == null ? null : BuilderOrg.findBySlug(slug);
        if (org == null || !(user.hasRole(Roles.OPERATOR) || user.affiliations().builderIds().contains(org.id))) {
            throw DomainException.notFound("Builder organisation '" + slug + "'");
        }
        return org;
    }

    /**
     * The organisation, locked for this transaction, if the caller may change its users. The lock orders
     * concurrent changes, so two administrators removing each other cannot leave it with none.
     */
    private BuilderOrg manageable(String slug) {
        BuilderOrg org = visible(slug);
        if (!user.hasRole(Roles.OPERATOR) && !user.affiliations().administersOrganisation(org.id)) {
            throw new DomainException(DomainException.Kind.FORBIDDEN, "forbidden", "Only an administrator of " + org.name
                    + " adds and removes its users: ask " + String.join(" or ", admins(org)) + ".");
        }
        // an advisory lock, not a row lock: the organisation's row never changes, so the app role has no UPDATE on it
        // (which SELECT ... FOR UPDATE would need)
        sql.platform("SELECT pg_advisory_xact_lock(hashtext('builder_org:' || :org))").bind("org", org.id).execute();
        return org;
    }

    private void requireAnotherAdmin(BuilderOrg org, AppUser leaving) {
        if (admins(org).stream().noneMatch(u -> !u.equals(leaving.username))) {
            throw DomainException.conflict("last-administrator", leaving.username + " is the last administrator of " + org.name
                    + ": make another user an administrator first, so that someone still manages its users.");
        }
    }

    private void affiliate(BuilderOrg org, AppUser person, boolean admin) {
        Affiliation a = Affiliation.of(person.id, Affiliation.Kind.BUILDER_USER);
        a.builderId = org.id;
        a.orgAdmin = admin;
        a.persist();
        audit.record("builder.user.add", "user", person.username, null, Map.of("builder", org.slug, "admin", admin));
    }

    private static Affiliation affiliation(BuilderOrg org, AppUser person) {
        return Affiliation.<Affiliation>find("userId = ?1 and kind = ?2 and builderId = ?3", person.id,
                Affiliation.Kind.BUILDER_USER, org.id).firstResult();
    }

    /** The organisation's administrators, by username: the few whom its users ask. */
    private static List<String> admins(BuilderOrg org) {
        return named(Affiliation.list("kind = ?1 and builderId = ?2 and orgAdmin = true order by id",
                Affiliation.Kind.BUILDER_USER, org.id)).stream().map(OrgUser::username).toList();
    }

    /** The organisation's users of these affiliations, in their order, with one read of their names. */
    private static List<OrgUser> named(List<Affiliation> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, String> names = AppUser.<AppUser>list("id in ?1", rows.stream().map(r -> r.userId).toList()).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.username));
        return rows.stream().map(r -> new OrgUser(names.get(r.userId), r.orgAdmin)).toList();
    }

    /** The organisation with the first page of its users ({@link Paging#API_SIZE}), as the API gives one of many. */
    private OrganisationView view(BuilderOrg org) {
        Paging.Page<OrgUser> first = userPage(org, null, 1, Paging.API_SIZE);
        return new OrganisationView(org.id, org.slug, org.name, first.rows(), first.paging().count(), licensedBy(org));
    }

    private Organisation heading(BuilderOrg org) {
        return new Organisation(org.id, org.slug, org.name, admins(org), userCount(org), licensedBy(org));
    }

    private static long userCount(BuilderOrg org) {
        return Affiliation.count("kind = ?1 and builderId = ?2", Affiliation.Kind.BUILDER_USER, org.id);
    }

    private List<String> licensedBy(BuilderOrg org) {
        return Licence.<Licence>list("builderId = ?1 order by tenantId", org.id).stream()
                .map(l -> tenants.nameOf(l.tenantId).orElse(l.tenantId)).toList();
    }

    private static Optional<Problem> usernameProblem(String where, String username, String what) {
        if (username == null || username.isBlank() || username.strip().length() > 200) {
            return Optional.of(new Problem(where, what));
        }
        return PrintableText.check(where, username);
    }
}
