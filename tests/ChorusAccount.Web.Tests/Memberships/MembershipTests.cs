using System.Net;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Memberships;

/// <summary>« Mes rattachements aux structures » and « Activités du gestionnaire », through the real pipeline.</summary>
public abstract class MembershipTests(PortalHost host)
{
    private async Task<(User User, AgentClient Agent)> SignedInAsync()
    {
        var user = await host.CreateUserAsync();
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (user, agent);
    }

    private Task<Structure> StructureAsync() => host.CreateStructureAsync();

    private Task<Guid> AttachAsync(User user, Structure structure, MembershipRole role = MembershipRole.Member, bool whole = true, MembershipStatus status = MembershipStatus.Active) =>
        host.AttachAsync(user, structure, role, whole, status);

    private Task<Membership> MembershipAsync(Guid id) => host.WithDbAsync(db => db.Memberships.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<Page> RequestAsync(AgentClient agent, Structure structure, params string[] codes)
    {
        var search = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&CompanyName={Uri.EscapeDataString(structure.CompanyName)}");
        Assert.True(search.Contains(structure.CompanyName), search.Html);
        var form = await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}");
        var post = form.Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01");
        foreach (var code in codes)
        {
            post.Add("Request.ServiceIds", structure.Services.Single(s => s.Code == code).Id.ToString());
        }

        return await agent.SubmitAsync(post);
    }

    [Fact]
    public async Task Each_rows_links_and_selection_box_are_that_rows_as_the_framework_would_write_them()
    {
        // The rows write their links through PortalLinks and their box through RowSelect, not through tag helpers.
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var active = await StructureAsync();
        var pending = await StructureAsync();
        var activeId = await AttachAsync(user, active);
        var pendingId = await AttachAsync(user, pending, status: MembershipStatus.Pending);
        var links = host.Services.GetRequiredService<LinkGenerator>();

        var page = await agent.GetAsync("/mon-compte");

        // A pending request can be withdrawn; only an active membership opens the structure's card.
        foreach (var (id, structure, isPending) in new[] { (activeId, active, false), (pendingId, pending, true) })
        {
            var row = page.Single($"#membership-{id:N}");
            string[] expected =
            [
                links.GetPathByAction("Consult", "Memberships", new { id })!,
                .. isPending
                    ? [links.GetPathByAction("Consult", "Memberships", new { id }, fragment: new Microsoft.AspNetCore.Http.FragmentString("#withdraw"))!]
                    : new[] { links.GetPathByAction("Card", "Structures", new { id = structure.Id })! },
                links.GetPathByAction("Delete", "Memberships", new { ids = id })!,
            ];
            Assert.Equal(expected, row.FindAll("a").Select(a => a.GetAttribute("href")!).ToArray());
            var box = Assert.Single(row.FindAll("input[type=checkbox]"));
            Assert.Equal((id.ToString(), "ids"), (box.GetAttribute("value"), box.GetAttribute("name")));
            Assert.Equal($"Sélectionner le rattachement à {structure.CompanyName}", row.Single($"label[for='{box.Id}']").ShownText());
        }
    }

    [Fact]
    public async Task A_city_typed_without_accent_finds_the_structures_of_Orléans()
    {
        var structure = await StructureAsync();
        var (_, agent) = await SignedInAsync();
        using var _ = agent;

        var page = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&City=orleans&CompanyName={structure.CompanyName.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Contains("1 structure(s) trouvée(s)"), page.Html);
        Assert.True(page.Contains(structure.CompanyName));
    }

    [Fact]
    public async Task A_page_link_of_the_results_keeps_the_criteria_and_opens_that_page()
    {
        for (var i = 0; i <= SearchStructures.PageSize; i++)
        {
            await StructureAsync();
        }

        var (_, agent) = await SignedInAsync();
        using var _ = agent;

        var first = await agent.GetAsync("/mon-compte/rattachements/demande?searched=true&CompanyName=syndicat%20test&PostalCode=45000");
        var link = System.Text.RegularExpressions.Regex.Match(first.Html, "<a class=\"fr-pagination__link\" href=\"(?<href>[^\"]+)\" title=\"Page 2\"");
        Assert.True(link.Success, first.Html);
        var href = WebUtility.HtmlDecode(link.Groups["href"].Value);
        Assert.StartsWith("/mon-compte/rattachements/demande?", href);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("https://portail/"), href).Query);
        Assert.Equal(("syndicat test", "45000", "true", "2"), (query["CompanyName"], query["PostalCode"], query["searched"], query["page"]));

        var second = await agent.GetAsync(href);
        Assert.True(second.Contains("page 2 sur"), second.Html);
    }

    [Fact]
    public async Task A_search_with_too_many_words_says_so_beside_the_field_or_the_criteria()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        string Words(int count) => string.Join("+", Enumerable.Range(0, count).Select(i => "mot" + i));

        var oneField = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&City={Words(StructureSearchCriteria.MaxWordsPerField + 1)}");
        var inAll = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&CompanyName={Words(StructureSearchCriteria.MaxWordsPerField)}"
            + $"&City={Words(StructureSearchCriteria.MaxWordsPerField)}&Label=encore");
        var atTheLimit = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&CompanyName={Words(StructureSearchCriteria.MaxWordsPerField)}"
            + $"&City={Words(StructureSearchCriteria.MaxWords - StructureSearchCriteria.MaxWordsPerField)}");

        Assert.Equal(HttpStatusCode.OK, oneField.Status);
        Assert.Equal($"Saisissez au plus {StructureSearchCriteria.MaxWordsPerField} mots dans ce champ.", oneField.Single("#City-messages > p.fr-message--error").TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, inAll.Status);
        Assert.True(inAll.Contains($"Saisissez au plus {StructureSearchCriteria.MaxWords} mots en tout dans les critères de recherche."), inAll.Html);
        Assert.False(inAll.Contains("structure(s) trouvée(s)"));
        Assert.True(atTheLimit.Has("#results-title"), atTheLimit.Html);
        Assert.False(atTheLimit.Contains("Saisissez au plus"), atTheLimit.Html);
    }

    [Fact]
    public async Task A_search_without_criterion_or_with_a_bad_SIRET_explains_why()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;

        var empty = await agent.GetAsync("/mon-compte/rattachements/demande?searched=true");
        var badSiret = await agent.GetAsync("/mon-compte/rattachements/demande?searched=true&Identifier=21450234500018");
        var shortSiret = await agent.GetAsync("/mon-compte/rattachements/demande?searched=true&Identifier=2145");

        Assert.True(empty.Contains("Saisissez au moins un critère de recherche."), empty.Html);
        Assert.False(empty.Contains("structure(s) trouvée(s)"));
        Assert.True(badSiret.Contains("Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas."), badSiret.Html);
        Assert.True(shortSiret.Contains("Saisissez un SIRET (14 chiffres), un SIREN (9 chiffres) ou le début d'un SIRET (9 chiffres au moins)."), shortSiret.Html);
        Assert.Equal("Identifier", shortSiret.Single(".fr-input-group--error input").GetAttribute("name"));
    }

    [Fact]
    public async Task A_SIREN_or_the_start_of_a_SIRET_finds_its_establishments_and_a_department_its_postal_codes()
    {
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        var siren = $"9{Random.Shared.Next(10_000_000, 99_999_999)}";
        var name = $"SYNDICAT DEPARTEMENT {Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var seat = await host.CreateStructureAsync(identifier: siren + "00011", companyName: name + " SIEGE", postalCode: "45000");
        var branch = await host.CreateStructureAsync(identifier: siren + "00029", companyName: name + " ANTENNE", postalCode: "45430");
        var other = await host.CreateStructureAsync(companyName: name + " TOURS", postalCode: "37000");

        var bySiren = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&Identifier={siren}");
        var bySiretStart = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&Identifier={siren}0002");
        var byDepartment = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&PostalCode=45&CompanyName={Uri.EscapeDataString(name)}");
        var byPostalStart = await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&PostalCode=454&CompanyName={Uri.EscapeDataString(name)}");

        Assert.Equal([seat.Identifier, branch.Identifier], Identifiers(bySiren).Order());
        Assert.Equal([branch.Identifier], Identifiers(bySiretStart));
        Assert.Equal([seat.Identifier, branch.Identifier], Identifiers(byDepartment).Order());
        Assert.Equal([branch.Identifier], Identifiers(byPostalStart));
        Assert.Contains(other.Identifier, Identifiers(await agent.GetAsync($"/mon-compte/rattachements/demande?searched=true&CompanyName={Uri.EscapeDataString(name)}")));
        Assert.Equal("Tous les types", bySiren.Single("select[name=IdentifierType] option[value='']").TextContent.Trim());
        Assert.DoesNotContain(bySiren.FindAll("select[name=IdentifierType] option"), o => o.TextContent.Contains("par défaut", StringComparison.Ordinal));

        static IEnumerable<string> Identifiers(Page page) =>
            page.FindAll("#structures tbody tr").Select(row => row.QuerySelectorAll("td")[2].TextContent.Split(" ", StringSplitOptions.RemoveEmptyEntries)[0]);
    }

    [Fact]
    public async Task A_request_for_two_services_is_pending_and_a_duplicate_is_refused_with_a_message()
    {
        var structure = await StructureAsync();
        // A manager to decide it: a request nobody can decide is answered otherwise (RequestRoutingTests).
        await AttachAsync(await host.CreateUserAsync(), structure, MembershipRole.PrimaryManager);
        var (user, agent) = await SignedInAsync();
        using var _ = agent;

        var sent = await RequestAsync(agent, structure, "SERV-A", "SERV-B");
        var duplicate = await RequestAsync(agent, structure, "SERV-B");

        Assert.Equal("/mon-compte", sent.Uri.AbsolutePath);
        Assert.True(sent.Contains("Votre demande de rattachement a été envoyée aux gestionnaires de la structure."), sent.Html);
        Assert.True(sent.Contains("En attente de validation"));
        Assert.True(duplicate.Contains("Vous êtes déjà rattaché, ou en attente de validation, à cette structure"), duplicate.Html);
        var memberships = await host.WithDbAsync(db => db.Memberships.AsNoTracking().Include(m => m.Services).Where(m => m.UserId == user.Id).ToListAsync());
        var pending = Assert.Single(memberships);
        Assert.Equal((MembershipStatus.Pending, MembershipOrigin.Portal, 2), (pending.Status, pending.Origin, pending.Services.Count));
    }

    [Fact]
    public async Task The_form_posted_twice_by_a_double_click_makes_one_request_and_both_answers_say_it_was_sent()
    {
        var structure = await StructureAsync();
        await AttachAsync(await host.CreateUserAsync(), structure, MembershipRole.PrimaryManager);
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var form = await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}");
        var post = form.Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01").Set("Request.WholeStructure", "true");

        var first = await agent.SubmitAsync(post);
        var second = await agent.SubmitAsync(post);

        foreach (var answer in new[] { first, second })
        {
            Assert.Equal("/mon-compte", answer.Uri.AbsolutePath);
            Assert.True(answer.Contains("Votre demande de rattachement a été envoyée aux gestionnaires de la structure."), answer.Html);
        }

        Assert.Equal(1, await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id)));
    }

    [Fact]
    public async Task A_request_without_start_date_nor_scope_shows_both_messages_and_writes_nothing()
    {
        var structure = await StructureAsync();
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var form = await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}");

        var page = await agent.SubmitAsync(form.Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "").Set("Request.EndDate", "pas une date"));

        Assert.True(page.Contains("Saisissez la date de début de validité."), page.Html);
        Assert.True(page.Contains("Saisissez une date valide au format JJ/MM/AAAA."));
        Assert.True(page.Contains("Sélectionnez « Rattacher à la structure » ou cochez au moins un service."));
        Assert.Equal(0, await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id)));
    }

    [Fact]
    public async Task Rattacher_a_la_structure_and_a_service_both_ticked_is_refused_beside_the_list_and_keeps_the_ticks()
    {
        var structure = await StructureAsync();
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var form = await agent.GetAsync($"/mon-compte/rattachements/nouvelle?structureId={structure.Id}");
        var service = structure.Services.First();

        var page = await agent.SubmitAsync(form.Form("/mon-compte/rattachements/nouvelle").Set("Request.StartDate", "2026-04-01")
            .Set("Request.WholeStructure", "true").Add("Request.ServiceIds", service.Id.ToString()));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.EndsWith("/mon-compte/rattachements/nouvelle", page.Uri.AbsolutePath);
        var list = page.Single("fieldset.fr-fieldset--error");
        Assert.Contains("Choisissez soit « Rattacher à la structure », soit un ou plusieurs services de la liste, pas les deux.", list.TextContent);
        Assert.True(page.Single($"input[type=checkbox][name='Request.ServiceIds'][value='{service.Id}']").HasAttribute("checked"));
        Assert.True(page.Single("input[type=checkbox][name='Request.WholeStructure']").HasAttribute("checked"));
        Assert.Equal(0, await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id)));
    }

    [Fact]
    public async Task The_manager_approves_the_requester_is_mailed_and_sees_it_active()
    {
        var structure = await StructureAsync();
        var manager = await host.CreateUserAsync();
        await AttachAsync(manager, structure, MembershipRole.PrimaryManager);
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, "SERV-A", "SERV-C");
        var id = (await host.WithDbAsync(db => db.Memberships.SingleAsync(m => m.UserId == user.Id))).Id;
        using var managerAgent = host.NewAgent();
        var home = await managerAgent.SignInAsync(manager.Login);
        Assert.True(home.Contains("Activités du gestionnaire"), home.Html);

        var inbox = await managerAgent.GetAsync("/activites-gestionnaire");
        Assert.True(inbox.Contains($"Service A {structure.CompanyName[^8..]}, Service C {structure.CompanyName[^8..]}"), inbox.Html);
        var decided = await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Approve"));

        Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);
        var membership = await MembershipAsync(id);
        Assert.Equal((MembershipStatus.Active, manager.Id), (membership.Status, membership.DecidedByUserId!.Value));
        await host.RunOutboxAsync();
        var mail = Directory.GetFiles(host.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(user.ContactEmail, StringComparison.Ordinal));
        Assert.Contains(structure.CompanyName, mail, StringComparison.Ordinal);
        var digest = await host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(e => e.RecipientUserId == user.Id));
        Assert.Equal((NotificationEventKind.RequestDecision, "VALIDEE"), (digest.Kind, digest.StatusCode));
        var account = await agent.GetAsync("/mon-compte");
        Assert.True(account.Contains("Actif"));
        Assert.True(decided.Contains(user.LastName.ToUpperInvariant()), "the decision appears in the managers' history");
    }

    [Fact]
    public async Task A_refusal_without_a_reason_is_refused_next_to_the_reason_field()
    {
        var structure = await StructureAsync();
        var manager = await host.CreateUserAsync();
        await AttachAsync(manager, structure, MembershipRole.SecondaryManager);
        var requester = await host.CreateUserAsync();
        var id = await AttachAsync(requester, structure, status: MembershipStatus.Pending);
        using var agent = host.NewAgent();
        await agent.SignInAsync(manager.Login);
        var inbox = await agent.GetAsync("/activites-gestionnaire");

        var page = await agent.SubmitAsync(inbox.Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Refuse"));

        Assert.True(page.Contains("Saisissez le motif du refus."), page.Html);
        Assert.Equal(MembershipStatus.Pending, (await MembershipAsync(id)).Status);
    }

    [Fact]
    public async Task Concurrent_approvals_of_one_request_record_one_decision()
    {
        var structure = await StructureAsync();
        var first = await host.CreateUserAsync();
        var second = await host.CreateUserAsync();
        await AttachAsync(first, structure, MembershipRole.PrimaryManager);
        await AttachAsync(second, structure, MembershipRole.SecondaryManager);
        var requester = await host.CreateUserAsync();
        var id = await AttachAsync(requester, structure, status: MembershipStatus.Pending);
        using var a = host.NewAgent();
        using var b = host.NewAgent();
        await a.SignInAsync(first.Login);
        await b.SignInAsync(second.Login);
        var formA = (await a.GetAsync("/activites-gestionnaire")).Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Approve");
        var formB = (await b.GetAsync("/activites-gestionnaire")).Form("/activites-gestionnaire/decisions").Add("ids", id.ToString()).Set("decision", "Approve");

        var pages = await Task.WhenAll(a.SubmitAsync(formA), b.SubmitAsync(formB));

        Assert.Equal(1, pages.Count(p => p.Contains("Les demandes ont été validées")));
        Assert.Equal(1, pages.Count(p => p.Contains("vient d'être traitée par un autre gestionnaire")));
        Assert.Equal(1, await host.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.RecipientUserId == requester.Id)));
        Assert.Equal(MembershipStatus.Active, (await MembershipAsync(id)).Status);
    }

    [Fact]
    public async Task A_user_cannot_see_nor_delete_another_users_membership()
    {
        var structure = await StructureAsync();
        var owner = await host.CreateUserAsync();
        var id = await AttachAsync(owner, structure);
        var (_, agent) = await SignedInAsync();
        using var _ = agent;
        var ownPage = await agent.GetAsync("/mon-compte");

        using var consult = await agent.NoRedirect.GetAsync($"/mon-compte/rattachements/{id}");
        using var confirm = await agent.NoRedirect.GetAsync($"/mon-compte/rattachements/supprimer?ids={id}");
        var post = ownPage.Form("/mon-compte").PostTo("/mon-compte/rattachements/supprimer").Set("ids", id.ToString()).Set("confirm", "true");
        var deleted = await agent.SubmitAsync(post);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (consult.StatusCode, confirm.StatusCode, deleted.Status));
        Assert.Equal(MembershipStatus.Active, (await MembershipAsync(id)).Status);
    }

    [Fact]
    public async Task A_non_manager_cannot_reach_the_inbox_nor_decide_another_structures_request()
    {
        var structure = await StructureAsync();
        var other = await StructureAsync();
        var requester = await host.CreateUserAsync();
        var id = await AttachAsync(requester, structure, status: MembershipStatus.Pending);
        var managerElsewhere = await host.CreateUserAsync();
        await AttachAsync(managerElsewhere, other, MembershipRole.PrimaryManager);
        var (_, member) = await SignedInAsync();
        using var _ = member;
        using var managerAgent = host.NewAgent();
        await managerAgent.SignInAsync(managerElsewhere.Login);

        using var inbox = await member.NoRedirect.GetAsync("/activites-gestionnaire");
        var ownInbox = await managerAgent.GetAsync("/activites-gestionnaire");
        var forged = (await managerAgent.GetAsync("/mon-compte")).Form("/mon-compte").PostTo("/activites-gestionnaire/decisions");
        var decided = await managerAgent.SubmitAsync(forged.Set("ids", id.ToString()).Set("decision", "Approve"));

        Assert.Equal(HttpStatusCode.NotFound, inbox.StatusCode);
        Assert.False(ownInbox.Contains(requester.Login));
        Assert.Equal(HttpStatusCode.NotFound, decided.Status);
        Assert.Equal(MembershipStatus.Pending, (await MembershipAsync(id)).Status);
    }

    [Fact]
    public async Task A_simple_user_deletes_after_ticking_the_confirmation_box()
    {
        var structure = await StructureAsync();
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var id = await AttachAsync(user, structure);
        var confirm = await agent.GetAsync($"/mon-compte/rattachements/supprimer?ids={id}");

        var unconfirmed = await agent.SubmitAsync(confirm.Form("/mon-compte/rattachements/supprimer"));
        Assert.True(unconfirmed.Contains("Cochez la case pour confirmer la suppression."), unconfirmed.Html);
        var done = await agent.SubmitAsync(confirm.Form("/mon-compte/rattachements/supprimer").Set("confirm", "true"));

        Assert.True(done.Contains("Les rattachements ont été supprimés."), done.Html);
        Assert.Equal(MembershipStatus.Ended, (await MembershipAsync(id)).Status);
        Assert.False(done.Contains(structure.CompanyName));
    }

    [Fact]
    public async Task The_primary_manager_designates_a_successor_and_stays_as_a_simple_user()
    {
        var structure = await StructureAsync();
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var id = await AttachAsync(user, structure, MembershipRole.PrimaryManager);
        var successor = await host.CreateUserAsync();
        var successorMembership = await AttachAsync(successor, structure);
        var confirm = await agent.GetAsync($"/mon-compte/rattachements/supprimer?ids={id}");
        Assert.True(confirm.Contains($"Camille TESTEUR ({successor.Login})"), confirm.Document.QuerySelector("main")?.InnerHtml);

        var missing = await agent.SubmitAsync(confirm.Form("/mon-compte/rattachements/supprimer").Set("confirm", "true"));
        Assert.True(missing.Contains("Désignez le nouveau gestionnaire principal."), missing.Html);
        var done = await agent.SubmitAsync(confirm.Form("/mon-compte/rattachements/supprimer").Set("confirm", "true").Set($"successors[{id}]", successor.Id.ToString()));

        Assert.True(done.Contains("vous restez rattaché en utilisateur simple"), done.Html);
        Assert.Equal((MembershipRole.Member, MembershipStatus.Active), ((await MembershipAsync(id)).Role, (await MembershipAsync(id)).Status));
        Assert.Equal(MembershipRole.PrimaryManager, (await MembershipAsync(successorMembership)).Role);
    }

    [Fact]
    public async Task The_structure_card_is_for_whole_structure_members_only()
    {
        var structure = await StructureAsync();
        var (user, agent) = await SignedInAsync();
        using var _ = agent;
        var partial = await AttachAsync(user, structure, whole: false);
        var other = await StructureAsync();
        await AttachAsync(user, other);

        var account = await agent.GetAsync("/mon-compte");
        using var hidden = await agent.NoRedirect.GetAsync($"/structures/{structure.Id}");
        var card = await agent.GetAsync($"/structures/{other.Id}");
        var consult = await agent.GetAsync($"/mon-compte/rattachements/{partial}");

        Assert.False(account.Contains($"/structures/{structure.Id}"));
        Assert.True(account.Contains($"/structures/{other.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.True(card.Contains("SERV-B") && card.Contains("45000 Orléans"), card.Document.QuerySelector("main")?.InnerHtml);
        Assert.True(consult.Contains(structure.CompanyName) && consult.Contains(structure.Services[0].Label), consult.Html);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MembershipTestsOnSqlite(SqlitePortalFixture fixture) : MembershipTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class MembershipTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : MembershipTests(fixture.Host);
