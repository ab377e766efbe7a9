using System.Net;
using AngleSharp.Dom;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Subscriptions;

/// <summary>« Mes abonnements aux espaces » and the subscription requests in « Activités du gestionnaire », through the real pipeline.</summary>
public abstract class SubscriptionTests(PortalHost host)
{
    private static readonly int _myAccount = SpaceCatalog.IdOf(SpaceCatalog.MyAccount);
    private static readonly int _invoicesSent = SpaceCatalog.IdOf(SpaceCatalog.InvoicesSent);
    private static readonly int _invoicesReceived = SpaceCatalog.IdOf(SpaceCatalog.InvoicesReceived);
    private static readonly int _managerActivities = SpaceCatalog.IdOf(SpaceCatalog.ManagerActivities);
    private static readonly int _worksInvoices = SpaceCatalog.IdOf("FACTURES_TRAVAUX");

    /// <summary>A structure with a secondary manager, and a new user attached to it (whole, or its first service only), signed in.</summary>
    private async Task<(Structure Structure, User Manager, User User, AgentClient Agent)> WorldAsync(bool whole = true)
    {
        var structure = await host.CreateStructureAsync();
        var manager = await host.CreateUserAsync();
        await host.AttachAsync(manager, structure, MembershipRole.SecondaryManager);
        var user = await host.CreateUserAsync();
        await host.AttachAsync(user, structure, whole: whole);
        var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        return (structure, manager, user, agent);
    }

    private static string DefaultKey(Structure structure, Guid? serviceId, int spaceId) => SubscriptionLineKey.ForDefault(structure.Id, serviceId, spaceId);

    /// <summary>The subscription table's row of this line (exactly one).</summary>
    private static IElement RowElement(Page page, string key) => page.Single($"tr[id='subscription-{key.Replace('.', '-')}']");

    /// <summary>The text of the subscription table's row of this line.</summary>
    private static string Row(Page page, string key) => RowElement(page, key).ShownText();

    private static async Task<Page> RequestAsync(AgentClient agent, Structure structure, Guid? serviceId, int spaceId, string mode = "Modification")
    {
        var page = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId={serviceId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await agent.SubmitAsync(page.Form("/mon-compte/abonnements").Set("Request.SpaceId", spaceId.ToString()).Set("Request.Mode", mode));
    }

    private Task<List<Subscription>> RowsAsync(User user) =>
        host.WithDbAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.UserId == user.Id).ToListAsync());

    private async Task<Guid> PendingIdAsync(User user) => (await RowsAsync(user)).Single(s => s.Status == SubscriptionStatus.Pending).Id;

    /// <summary>The decision email to this user, once the outbox worker has run.</summary>
    private static async Task<string> MailToAsync(PortalHost host, User user)
    {
        await host.RunOutboxAsync();
        return Directory.GetFiles(host.MailFolder, "*.eml").Select(File.ReadAllText).Single(m => m.Contains(user.ContactEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_membership_gives_its_default_lines_and_my_account_has_no_delete_control()
    {
        var (structure, _, _, agent) = await WorldAsync();
        using var _ = agent;

        var page = await agent.GetAsync("/mon-compte");

        var myAccountRow = RowElement(page, DefaultKey(structure, null, _myAccount));
        var myAccount = myAccountRow.ShownText();
        Assert.Contains(structure.CompanyName, myAccount);
        Assert.Contains("Toute la structure", myAccount);
        Assert.Contains("Actif", myAccount);
        Assert.Contains("Toujours accordé", myAccount);
        Assert.Empty(myAccountRow.FindAll("input[type=checkbox], a[href*='supprimer'], form[action*='supprimer']"));
        foreach (var space in new[] { _invoicesSent, _invoicesReceived })
        {
            var row = RowElement(page, DefaultKey(structure, null, space));
            Assert.Contains("Modification", row.ShownText());
            Assert.Single(row.FindAll($"input[type=checkbox][name=lines][value='{DefaultKey(structure, null, space)}']"));
        }

        Assert.False(page.Contains(DefaultKey(structure, null, _managerActivities)), "a simple user has no « Activités du gestionnaire » line");
        Assert.False(page.Has("#nav-manager"));
    }

    [Fact]
    public async Task A_request_for_one_service_is_pending_then_approved_by_the_manager_who_mails_the_requester()
    {
        var (structure, manager, user, agent) = await WorldAsync();
        using var _ = agent;
        var service = structure.Services[1];

        var sent = await RequestAsync(agent, structure, service.Id, _worksInvoices);

        Assert.Equal("/mon-compte", sent.Uri.AbsolutePath);
        Assert.True(sent.Contains("Votre demande d'abonnement a été envoyée aux gestionnaires de la structure."), sent.Html);
        var id = await PendingIdAsync(user);
        var pending = Row(sent, SubscriptionLineKey.ForRequest(id));
        Assert.Contains(service.Label, pending);
        Assert.Contains("Factures de travaux", pending);
        Assert.Contains("En attente de validation", pending);
        Assert.Equal(1, await host.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.RecipientUserId == manager.Id && e.Kind == NotificationEventKind.PendingRequest)));

        using var managerAgent = host.NewAgent();
        await managerAgent.SignInAsync(manager.Login);
        var inbox = await managerAgent.GetAsync("/activites-gestionnaire");
        var request = inbox.Single($"tr#subscription-request-{id:N}").ShownText();
        Assert.Contains(user.Login, request);
        Assert.Contains("Factures de travaux", request);
        Assert.Contains(service.Label, request);
        var decided = await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Approve"));

        Assert.True(decided.Contains("Les demandes ont été validées"), decided.Html);
        Assert.True(decided.Contains($"Abonnement à l'espace Factures de travaux ({service.Label}, Modification)"), "the decision is in the managers' history");
        var row = (await RowsAsync(user)).Single();
        Assert.Equal((SubscriptionStatus.Active, manager.Id), (row.Status, row.DecidedByUserId!.Value));
        var mail = await MailToAsync(host, user);
        Assert.Contains("Factures de travaux", mail, StringComparison.Ordinal);
        var digest = await host.WithDbAsync(db => db.NotificationEvents.AsNoTracking().SingleAsync(e => e.RecipientUserId == user.Id));
        Assert.Equal((NotificationEventKind.SubscriptionDecision, "VALIDEE", "SERV-B"), (digest.Kind, digest.StatusCode, digest.ServiceCode));
        Assert.Contains("Actif", Row(await agent.GetAsync("/mon-compte"), SubscriptionLineKey.ForRequest(id)));
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_next_to_its_box_then_the_line_shows_refused()
    {
        var (structure, manager, user, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices, "Consultation");
        var id = await PendingIdAsync(user);
        using var managerAgent = host.NewAgent();
        await managerAgent.SignInAsync(manager.Login);
        var inbox = await managerAgent.GetAsync("/activites-gestionnaire");

        var missing = await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Refuse"));
        Assert.True(missing.Contains("Saisissez le motif du refus."), missing.Html);
        Assert.Contains("Saisissez le motif du refus.", missing.Single("#SubscriptionReason-messages").ShownText());
        Assert.Equal(SubscriptionStatus.Pending, (await RowsAsync(user)).Single().Status);
        await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Refuse").Set("reason", "Pas de marché de travaux"));

        Assert.Equal((SubscriptionStatus.Refused, "Pas de marché de travaux"), ((await RowsAsync(user)).Single().Status, (await RowsAsync(user)).Single().RefusalReason));
        Assert.Contains("Refusé", Row(await agent.GetAsync("/mon-compte"), SubscriptionLineKey.ForRequest(id)));
        Assert.Contains("Pas de marché de travaux", await MailToAsync(host, user), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_space_and_mode_a_whole_structure_asked_on_services_and_a_duplicate_are_explained_beside_their_fields()
    {
        var (structure, _, user, agent) = await WorldAsync(whole: false);
        using var _ = agent;
        var service = structure.Services[0];
        var form = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId={service.Id}");

        var empty = await agent.SubmitAsync(form.Form("/mon-compte/abonnements"));
        var whole = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId=");
        var otherService = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId={structure.Services[2].Id}");
        var noStructure = await agent.GetAsync("/mon-compte/abonnements/nouveau?chosen=true");
        var notAnId = await agent.GetAsync("/mon-compte/abonnements/nouveau?chosen=true&structureId=pas-un-identifiant");
        var defaultSpace = await RequestAsync(agent, structure, service.Id, _invoicesSent);
        var myAccount = await RequestAsync(agent, structure, service.Id, _myAccount);
        await RequestAsync(agent, structure, service.Id, _worksInvoices);
        var duplicate = await RequestAsync(agent, structure, service.Id, _worksInvoices, "Consultation");

        Assert.True(empty.Contains("Choisissez un espace dans la liste."), empty.Html);
        Assert.True(empty.Contains("Choisissez le mode : Consultation ou Modification."));
        Assert.True(empty.Has("a[href='#Request_SpaceId']"), "the error summary links to the field");
        Assert.True(whole.Contains("Vous n'êtes rattaché qu'à certains services de cette structure : choisissez l'un d'eux."), whole.Html);
        Assert.True(otherService.Contains("Choisissez un service de cette structure couvert par votre rattachement."), otherService.Html);
        Assert.True(noStructure.Contains("Choisissez une structure."), noStructure.Html);
        Assert.True(notAnId.Contains("Choisissez une structure.") && !notAnId.Contains("is not valid"), notAnId.Html);
        Assert.True(defaultSpace.Contains("Vous avez déjà cet espace, ou une demande en attente, pour cette structure et ce service."), defaultSpace.Html);
        Assert.True(myAccount.Contains("Cet espace ne se demande pas"), myAccount.Html);
        Assert.True(duplicate.Contains("Vous avez déjà cet espace, ou une demande en attente, pour cette structure et ce service."), duplicate.Html);
        Assert.Single(await RowsAsync(user));
    }

    [Fact]
    public async Task The_space_list_leaves_out_my_account_and_what_is_held_or_pending()
    {
        var (structure, _, _, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices);

        var page = await agent.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId=");
        var spaces = page.Single("select#Request_SpaceId").ShownText();

        Assert.Contains("Sollicitations émises", spaces);
        Assert.Contains("Mémoires de frais de justice", spaces);
        foreach (var held in new[] { "Mon compte", "Factures émises", "Factures reçues", "Factures de travaux", "Activités du gestionnaire" })
        {
            Assert.DoesNotContain(held, spaces);
        }
    }

    [Fact]
    public async Task Two_ticked_lines_are_deleted_after_the_confirmation_box_a_default_one_is_withdrawn_and_comes_back_without_validation()
    {
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices);
        var request = SubscriptionLineKey.ForRequest(await PendingIdAsync(user));
        var sent = DefaultKey(structure, null, _invoicesSent);
        var account = await agent.GetAsync("/mon-compte");
        Assert.True(account.Has("#delete-subscriptions"));

        var confirm = await agent.GetAsync($"/mon-compte/abonnements/supprimer?lines={sent}&lines={request}");
        Assert.True(confirm.Contains("Espace par défaut : vous pourrez l'ajouter de nouveau, sans validation"), confirm.Html);
        var unconfirmed = await agent.SubmitAsync(confirm.Form("/mon-compte/abonnements/supprimer"));
        Assert.True(unconfirmed.Contains("Cochez la case pour confirmer la suppression."), unconfirmed.Html);
        Assert.Single(await RowsAsync(user));
        var done = await agent.SubmitAsync(confirm.Form("/mon-compte/abonnements/supprimer").Set("confirm", "true"));

        Assert.True(done.Contains("Les abonnements ont été supprimés."), done.Html);
        Assert.False(done.Has($"tr[id='subscription-{sent.Replace('.', '-')}']"));
        Assert.False(done.Contains(request));
        var withdrawn = Assert.Single(await RowsAsync(user));
        Assert.Equal((SubscriptionStatus.Withdrawn, _invoicesSent), (withdrawn.Status, withdrawn.SpaceId));
        var history = await agent.GetAsync("/mon-compte/historique");
        Assert.True(history.Contains("Espace par défaut supprimé") && history.Contains("Abonnement supprimé"), history.Html);
        Assert.True(history.Contains("Espace : « Factures émises »"));

        var back = await RequestAsync(agent, structure, null, _invoicesSent, "Consultation");

        Assert.True(back.Contains("L'espace est de nouveau dans vos abonnements, sans validation."), back.Html);
        Assert.Contains("Actif", Row(back, sent));
        Assert.Empty(await RowsAsync(user));
    }

    [Fact]
    public async Task A_rows_links_are_the_ones_the_framework_writes_a_line_key_included()
    {
        // An identifier is filled into its route's address (PortalLinks); a line key is not an identifier: the framework writes that link.
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices);
        var id = await PendingIdAsync(user);
        var request = SubscriptionLineKey.ForRequest(id);
        var sent = DefaultKey(structure, null, _invoicesSent);
        var links = host.Services.GetRequiredService<LinkGenerator>();

        var page = await agent.GetAsync("/mon-compte");

        Assert.Equal(
            [links.GetPathByAction("Withdraw", "Subscriptions", new { id })!, links.GetPathByAction("Delete", "Subscriptions", new { lines = request })!],
            RowElement(page, request).FindAll("a").Select(a => a.GetAttribute("href")!).ToArray());
        Assert.Equal([links.GetPathByAction("Delete", "Subscriptions", new { lines = sent })!], RowElement(page, sent).FindAll("a").Select(a => a.GetAttribute("href")!).ToArray());
        Assert.Contains("?lines=", RowElement(page, sent).Single("a").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_account_is_refused_server_side_and_nothing_ticked_is_explained()
    {
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        var myAccount = DefaultKey(structure, null, _myAccount);
        var account = await agent.GetAsync("/mon-compte");

        var confirm = await agent.GetAsync($"/mon-compte/abonnements/supprimer?lines={myAccount}");
        var forged = await agent.SubmitAsync(account.Form("/mon-compte").PostTo("/mon-compte/abonnements/supprimer").Set("lines", myAccount).Set("confirm", "true"));
        var nothing = await agent.GetAsync("/mon-compte/abonnements/supprimer");

        Assert.True(confirm.Contains("L'espace « Mon compte » ne peut pas être supprimé."), confirm.Html);
        Assert.True(forged.Contains("L'espace « Mon compte » ne peut pas être supprimé."), forged.Html);
        Assert.True(nothing.Contains("Cochez au moins un abonnement."), nothing.Html);
        Assert.Empty(await RowsAsync(user));
    }

    [Fact]
    public async Task Another_users_subscription_is_not_found()
    {
        var (structure, _, owner, ownerAgent) = await WorldAsync();
        using var _ = ownerAgent;
        await RequestAsync(ownerAgent, structure, null, _worksInvoices);
        var id = await PendingIdAsync(owner);
        var other = await host.CreateUserAsync();
        await host.AttachAsync(other, await host.CreateStructureAsync());
        using var agent = host.NewAgent();
        var account = await agent.SignInAsync(other.Login);

        using var confirm = await agent.NoRedirect.GetAsync($"/mon-compte/abonnements/supprimer?lines={id}");
        using var defaultLine = await agent.NoRedirect.GetAsync($"/mon-compte/abonnements/supprimer?lines={DefaultKey(structure, null, _invoicesSent)}");
        var deleted = await agent.SubmitAsync(account.Form("/deconnexion").PostTo("/mon-compte/abonnements/supprimer").Set("lines", id.ToString()).Set("confirm", "true"));
        var requested = await agent.SubmitAsync(account.Form("/deconnexion").PostTo("/mon-compte/abonnements")
            .Set("Request.StructureId", structure.Id.ToString()).Set("Request.SpaceId", _worksInvoices.ToString()).Set("Request.Mode", "Modification"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (confirm.StatusCode, defaultLine.StatusCode, deleted.Status));
        Assert.True(requested.Contains("Choisissez une structure parmi vos rattachements actifs."), requested.Html);
        Assert.Equal(SubscriptionStatus.Pending, (await RowsAsync(owner)).Single().Status);
        Assert.Empty(await RowsAsync(other));
    }

    [Fact]
    public async Task A_manager_of_another_structure_neither_sees_nor_decides_the_request()
    {
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices);
        var id = await PendingIdAsync(user);
        var elsewhere = await host.CreateUserAsync();
        await host.AttachAsync(elsewhere, await host.CreateStructureAsync(), MembershipRole.PrimaryManager);
        using var managerAgent = host.NewAgent();
        await managerAgent.SignInAsync(elsewhere.Login);

        var inbox = await managerAgent.GetAsync("/activites-gestionnaire");
        var forged = (await managerAgent.GetAsync("/mon-compte")).Form("/mon-compte").PostTo("/activites-gestionnaire/abonnements/decisions");
        var decided = await managerAgent.SubmitAsync(forged.Set("ids", id.ToString()).Set("decision", "Approve"));
        var member = await agent.SubmitAsync((await agent.GetAsync("/mon-compte")).Form("/mon-compte").PostTo("/activites-gestionnaire/abonnements/decisions").Set("ids", id.ToString()).Set("decision", "Approve"));

        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.False(inbox.Contains(user.Login));
        Assert.Equal(HttpStatusCode.NotFound, decided.Status);
        Assert.Equal(HttpStatusCode.NotFound, member.Status);
        Assert.Equal(SubscriptionStatus.Pending, (await RowsAsync(user)).Single().Status);
    }

    [Fact]
    public async Task A_decision_without_a_known_decision_value_is_a_bad_request()
    {
        var (structure, manager, user, agent) = await WorldAsync();
        using var _ = agent;
        await RequestAsync(agent, structure, null, _worksInvoices);
        var id = await PendingIdAsync(user);
        using var managerAgent = host.NewAgent();
        await managerAgent.SignInAsync(manager.Login);
        var inbox = await managerAgent.GetAsync("/activites-gestionnaire");

        var missing = await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()));
        var forged = await managerAgent.SubmitAsync(inbox.Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Maybe"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (missing.Status, forged.Status));
        Assert.Equal(SubscriptionStatus.Pending, (await RowsAsync(user)).Single().Status);
    }

    [Fact]
    public async Task Concurrent_approvals_of_one_request_record_one_decision()
    {
        var (structure, first, user, agent) = await WorldAsync();
        using var _ = agent;
        var second = await host.CreateUserAsync();
        await host.AttachAsync(second, structure, MembershipRole.SecondaryManager);
        await RequestAsync(agent, structure, null, _worksInvoices);
        var id = await PendingIdAsync(user);
        using var a = host.NewAgent();
        using var b = host.NewAgent();
        await a.SignInAsync(first.Login);
        await b.SignInAsync(second.Login);
        var formA = (await a.GetAsync("/activites-gestionnaire")).Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Approve");
        var formB = (await b.GetAsync("/activites-gestionnaire")).Form("/activites-gestionnaire/abonnements/decisions").Add("ids", id.ToString()).Set("decision", "Approve");

        var pages = await Task.WhenAll(a.SubmitAsync(formA), b.SubmitAsync(formB));

        Assert.Equal(1, pages.Count(p => p.Contains("Les demandes ont été validées")));
        Assert.Equal(1, pages.Count(p => p.Contains("vient d'être traitée par un autre gestionnaire")));
        Assert.Equal(1, await host.WithDbAsync(db => db.NotificationEvents.CountAsync(e => e.RecipientUserId == user.Id)));
        Assert.Equal(SubscriptionStatus.Active, (await RowsAsync(user)).Single().Status);
    }

    [Fact]
    public async Task A_manager_who_removed_manager_activities_loses_the_tab_and_the_page()
    {
        var structure = await host.CreateStructureAsync();
        var manager = await host.CreateUserAsync();
        await host.AttachAsync(manager, structure, MembershipRole.SecondaryManager);
        using var agent = host.NewAgent();
        var home = await agent.SignInAsync(manager.Login);
        Assert.True(home.Has("#nav-manager"), home.Html);
        var line = DefaultKey(structure, null, _managerActivities);

        var confirm = await agent.GetAsync($"/mon-compte/abonnements/supprimer?lines={line}");
        Assert.True(confirm.Contains("Vous ne gérerez plus cette structure depuis « Activités du gestionnaire »"), confirm.Html);
        var done = await agent.SubmitAsync(confirm.Form("/mon-compte/abonnements/supprimer").Set("confirm", "true"));
        using var inbox = await agent.NoRedirect.GetAsync("/activites-gestionnaire");

        Assert.True(done.Contains("L'abonnement a été supprimé."), done.Html);
        Assert.False(done.Has("#nav-manager"));
        Assert.Equal(HttpStatusCode.NotFound, inbox.StatusCode);
    }

    [Fact]
    public async Task Deleting_the_membership_removes_its_subscriptions()
    {
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        var membership = await host.WithDbAsync(db => db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.Id).SingleAsync());
        await RequestAsync(agent, structure, null, _worksInvoices);
        var withdraw = await agent.GetAsync($"/mon-compte/abonnements/supprimer?lines={DefaultKey(structure, null, _invoicesSent)}");
        await agent.SubmitAsync(withdraw.Form("/mon-compte/abonnements/supprimer").Set("confirm", "true"));
        Assert.Equal(2, (await RowsAsync(user)).Count);

        var deleteMembership = await agent.GetAsync($"/mon-compte/rattachements/supprimer?ids={membership}");
        var done = await agent.SubmitAsync(deleteMembership.Form("/mon-compte/rattachements/supprimer").Set("confirm", "true"));

        Assert.True(done.Contains("Les rattachements ont été supprimés."), done.Html);
        Assert.Empty(await RowsAsync(user));
        Assert.True(done.Contains("Vous n'avez aucun abonnement à un espace."));
    }

    [Fact]
    public async Task The_block_and_the_request_page_are_in_English_for_an_English_user()
    {
        var (structure, _, user, agent) = await WorldAsync();
        using var _ = agent;
        await host.WithDbAsync(async db =>
        {
            var saved = await db.Users.SingleAsync(u => u.Id == user.Id);
            saved.Language = UserLanguage.English;
            await db.SaveChangesAsync();
        });
        using var english = host.NewAgent();
        await english.SignInAsync(user.Login);

        var sent = await RequestAsync(english, structure, structure.Services[0].Id, _worksInvoices, "Consultation");
        var form = await english.GetAsync($"/mon-compte/abonnements/nouveau?chosen=true&structureId={structure.Id}&serviceUnitId=");

        Assert.True(sent.Contains("My space subscriptions"), sent.Html);
        Assert.True(sent.Contains("Your subscription request has been sent to the structure's managers."));
        Assert.Contains("Works invoices", Row(sent, SubscriptionLineKey.ForRequest(await PendingIdAsync(user))));
        Assert.Contains("Awaiting approval", Row(sent, SubscriptionLineKey.ForRequest(await PendingIdAsync(user))));
        Assert.Contains("Always granted", Row(sent, DefaultKey(structure, null, _myAccount)));
        Assert.True(sent.Contains("Add a subscription") && sent.Contains("Delete subscriptions"));
        Assert.True(form.Contains("Requests sent") && form.Contains("Whole structure") && form.Contains("Choose a space"), form.Html);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SubscriptionTestsOnSqlite(SqlitePortalFixture fixture) : SubscriptionTests(fixture.Host);

[Collection(PostgreSqlCollection.Name)]
public sealed class SubscriptionTestsOnPostgreSql(PostgreSqlPortalFixture fixture) : SubscriptionTests(fixture.Host);
