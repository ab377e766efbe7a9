using System.Data.Common;
using System.Net;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>The issue's four rules, checked on the portal's own list of endpoints, so that a new action is covered the
/// day it is added: no POST without an antiforgery token; another's id → 404; no page without a session; /ops for operators.</summary>
[Collection(SqliteCollection.Name)]
public sealed class RouteMatrixTests(SqlitePortalFixture fixture)
{
    private PortalHost Host => fixture.Host;

    private IReadOnlyList<PortalRoute> Routes() => PortalRoute.All(Host);

    [Fact]
    public async Task Every_post_without_an_antiforgery_token_is_rejected_with_400()
    {
        var posts = Routes().Where(r => r.Method == "POST" && !r.Anonymous).ToList();
        Assert.NotEmpty(posts);
        // An operator may reach every action, so each POST gets as far as its antiforgery check.
        var user = await Host.OperatorAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        foreach (var route in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(route.Path(Guid.NewGuid()), new FormUrlEncodedContent([new("Form.LastName", "X")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route} without a token answered {(int)response.StatusCode}");
        }

        Assert.Equal("Testeur", (await Host.FindUserAsync(user.Login)).LastName);
    }

    [Fact]
    public async Task Every_portal_page_sends_an_anonymous_visitor_to_the_PIGP()
    {
        var pages = Routes().Where(r => r.Method == "GET" && !r.Anonymous).ToList();
        Assert.Contains(pages, r => r.Template == "/mon-compte");
        Assert.Contains(pages, r => r.Template == "/metrics");
        Assert.Contains(pages, r => r.Template == "/mon-compte/sessions");
        // The demo's module page (the test portals run the Development settings, demo data on) is a signed-in page too.
        Assert.Contains(pages, r => r.Template == "/demo/espace/{code}");
        Assert.Contains(pages, r => r.TakesIdInPath);
        using var agent = Host.NewAgent();

        foreach (var route in pages)
        {
            using var response = await agent.NoRedirect.GetAsync(route.Path(Guid.NewGuid()));
            PigpAssert.SentToThePigp(Host, response, route.ToString());
        }
    }

    /// <summary>The pages anyone may read: the error and refusal pages, the health probes, and the footer's public pages
    /// (a new <c>[AllowAnonymous]</c> fails here until it is named).</summary>
    private static readonly string[] _publicPages =
    [
        "/erreur/{code:int?}", "/deconnecte", "/acces-refuse", "/healthz/live", "/healthz/ready",
        "/accessibilite", "/mentions-legales", "/donnees-personnelles", "/gestion-des-cookies", "/plan-du-site",
    ];

    [Fact]
    public async Task Only_the_public_pages_are_open_without_a_session_and_the_footer_pages_answer_an_anonymous_visitor()
    {
        var anonymous = Routes().Where(r => r.Anonymous).ToList();
        Assert.Equal(_publicPages.Order(StringComparer.Ordinal), anonymous.Select(r => r.Template).Order(StringComparer.Ordinal));
        Assert.All(anonymous, r => Assert.Equal("GET", r.Method));
        using var agent = Host.NewAgent();

        foreach (var (path, _, _) in Information.InformationPagesTests.FooterPages)
        {
            Assert.Contains(path, _publicPages);
            using var response = await agent.NoRedirect.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            SecurityAssert.HasPortalHeaders(response, path);
            // Nothing to protect and no session: a public page sets no cookie (it may only clear the message cookie, as every page does).
            var set = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)).ToList() : [];
            Assert.True(set.Count == 0, $"{path} set a cookie: {string.Join(" | ", set)}");
        }
    }

    [Fact]
    public async Task Every_post_without_a_session_is_turned_away()
    {
        var posts = Routes().Where(r => r.Method == "POST" && !r.Anonymous).ToList();
        using var agent = Host.NewAgent();

        foreach (var route in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(route.Path(Guid.NewGuid()), new FormUrlEncodedContent([]));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{route} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_id_of_an_object_the_user_has_no_right_on_is_not_found()
    {
        await OthersObjectsAsync();
        var foreignIds = await EveryIdInTheDatabaseAsync();
        var routes = Routes().Where(r => !r.Anonymous && !r.IsOps && r.IdParameters.Any()).ToList();
        Assert.Contains(routes, r => r.TakesIdInPath);
        Assert.Contains(routes, r => r.Method == "POST");
        Assert.Contains(routes, r => r.Template == "/mon-compte/sessions/mettre-fin");
        // A user with nothing of its own: every object in the database is someone else's.
        var intruder = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(intruder.Login);
        var token = (await agent.GetAsync("/mon-compte")).Form("/mon-compte")["__RequestVerificationToken"]!;
        var before = await CountsAsync();

        var checkedRequests = 0;
        foreach (var route in routes)
        {
            foreach (var (table, id) in foreignIds)
            {
                using var response = await SendWithIdAsync(agent, route, id, token);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} with a {table} id of another answered {(int)response.StatusCode}");
                checkedRequests++;
            }
        }

        Assert.Equal(before, await CountsAsync());
        Assert.True(checkedRequests >= routes.Count * 8, $"only {checkedRequests} requests");
    }

    [Fact]
    public async Task Every_route_taking_request_ids_answers_not_found_to_a_manager_of_another_service()
    {
        // A structure whose one manager holds SERV-A only: the requests for the whole structure and for SERV-B are not its own to see or decide.
        var structure = await Host.CreateStructureAsync();
        var manager = await Host.CreateUserAsync();
        await Host.AttachAsync(manager, structure, Core.Memberships.MembershipRole.SecondaryManager, whole: false);
        var requester = await Host.CreateUserAsync();
        await Host.AttachAsync(requester, structure);
        var outOfScope = await Host.WithDbAsync(async db =>
        {
            var serviceB = structure.Services.Single(s => s.Code == "SERV-B").Id;
            var whole = new Core.Memberships.Membership
            {
                UserId = (await Host.CreateUserAsync()).Id,
                StructureId = structure.Id,
                Status = Core.Memberships.MembershipStatus.Pending,
                StartDate = new DateOnly(2026, 1, 1),
                RequestedAt = DateTime.UtcNow,
            };
            var forB = new Core.Memberships.Membership
            {
                UserId = (await Host.CreateUserAsync()).Id,
                StructureId = structure.Id,
                Status = Core.Memberships.MembershipStatus.Pending,
                WholeStructure = false,
                StartDate = new DateOnly(2026, 1, 1),
                RequestedAt = DateTime.UtcNow,
                Services = [new Core.Memberships.MembershipService { ServiceUnitId = serviceB }],
            };
            var subscriptions = new[] { null, (Guid?)serviceB }.Select(service => new Subscription
            {
                UserId = requester.Id,
                StructureId = structure.Id,
                ServiceUnitId = service,
                SpaceId = SpaceCatalog.IdOf("FACTURES_TRAVAUX"),
                Status = SubscriptionStatus.Pending,
                RequestedAt = DateTime.UtcNow,
            }).ToList();
            db.Memberships.AddRange(whole, forB);
            db.Subscriptions.AddRange(subscriptions);
            await db.SaveChangesAsync();
            return new[] { whole.Id, forB.Id }.Concat(subscriptions.Select(s => s.Id)).ToList();
        });
        var routes = Routes().Where(r => !r.Anonymous && !r.IsOps && r.IdParameters.Any()).ToList();
        Assert.Contains(routes, r => r.Template == "/activites-gestionnaire/decisions");
        Assert.Contains(routes, r => r.Template == "/activites-gestionnaire/abonnements/decisions");
        using var agent = Host.NewAgent();
        await agent.SignInAsync(manager.Login);
        var inbox = await agent.GetAsync("/activites-gestionnaire");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.All(outOfScope, id => Assert.False(inbox.Html.Contains(id.ToString(), StringComparison.Ordinal), $"request {id} is shown"));
        var token = (await agent.GetAsync("/mon-compte")).Form("/mon-compte")["__RequestVerificationToken"]!;
        var before = await CountsAsync();

        foreach (var route in routes)
        {
            foreach (var id in outOfScope)
            {
                using var response = await SendWithIdAsync(agent, route, id, token);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} with the out-of-scope request {id} answered {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Every_ops_page_is_forbidden_to_an_agent_who_is_not_an_operator()
    {
        var ops = Routes().Where(r => r.IsOps).ToList();
        Assert.Contains(ops, r => r.Template.StartsWith("/ops/hangfire", StringComparison.Ordinal));
        Assert.Contains(ops, r => r.Template == "/ops/demandes-sans-gestionnaire");
        Assert.Contains(ops, r => r.Template == "/metrics");
        Assert.Contains(ops, r => r.Method == "POST");
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);
        var token = (await agent.GetAsync("/mon-compte")).Form("/mon-compte")["__RequestVerificationToken"]!;
        var runs = await Host.WithDbAsync(db => db.MadrhasImportRuns.CountAsync());

        foreach (var route in ops)
        {
            var path = route.Path(Guid.NewGuid());
            using var response = route.Method == "POST"
                ? await agent.Http.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))
                : await agent.Http.GetAsync(path);
            var page = await Page.ReadAsync(response);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{route} answered {(int)page.Status}");
            Assert.True(page.Contains("Vous n'avez pas accès à cette page"), $"{route}: {page.Html}");
        }

        Assert.Equal(runs, await Host.WithDbAsync(db => db.MadrhasImportRuns.CountAsync()));
    }

    [Fact]
    public async Task Every_machine_endpoint_refuses_a_signed_in_operator_without_its_key()
    {
        var posts = PortalRoute.All(Host, machine: true).Where(r => r.Method == "POST").Select(r => r.Template).ToList();
        Assert.Contains("/api/invoice-events", posts);
        var user = await Host.OperatorAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        foreach (var path in posts)
        {
            using var response = await agent.NoRedirect.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"POST {path} with a session and no key answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_unknown_address_gets_the_friendly_404_page()
    {
        var user = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(user.Login);

        using var response = await agent.NoRedirect.GetAsync("/nulle-part");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Page.ReadAsync(response);
        Assert.True(page.Contains("Page non trouvée"), page.Html);
    }

    /// <summary>Another user with one object of each kind: a document, a pending request, a subscription, an event.</summary>
    // The route with the id in each of its id parameters (path, query or form), as the agent would send it: a POST with the
    // antiforgery token and whatever confirmation the action asks for.
    private static async Task<HttpResponseMessage> SendWithIdAsync(AgentClient agent, PortalRoute route, Guid id, string token)
    {
        var fields = route.IdParameters.Where(p => p.BindingInfo?.BindingSource != BindingSource.Path)
            .Select(p => new KeyValuePair<string, string>(p.BindingInfo?.BinderModelName ?? p.Name, id.ToString())).ToList();
        return route.Method == "POST"
            ? await agent.NoRedirect.PostAsync(route.Path(id), new FormUrlEncodedContent(
                [.. fields, new("__RequestVerificationToken", token), new("confirm", "true"), new("decision", "Approve")]))
            : await agent.NoRedirect.GetAsync(route.Path(id) + "?" + string.Join("&", fields.Select(f => $"{f.Key}={f.Value}")));
    }

    private async Task OthersObjectsAsync()
    {
        var owner = await Host.CreateUserAsync();
        using var agent = Host.NewAgent();
        await agent.SignInAsync(owner.Login);
        Assert.True((await agent.UploadAsync("secret.pdf", DocumentUploads.Pdf, "Secret")).Contains("La pièce jointe a été ajoutée."));
        await Host.WithDbAsync(async db =>
        {
            var structure = await db.Structures.OrderBy(s => s.Identifier).FirstAsync();
            db.Memberships.Add(new Core.Memberships.Membership
            {
                UserId = owner.Id,
                StructureId = structure.Id,
                Role = Core.Memberships.MembershipRole.Member,
                Status = Core.Memberships.MembershipStatus.Pending,
                WholeStructure = true,
                StartDate = new DateOnly(2026, 1, 1),
                RequestedAt = DateTime.UtcNow,
            });
            db.Subscriptions.Add(new Subscription { UserId = owner.Id, StructureId = structure.Id, SpaceId = 5, RequestedAt = DateTime.UtcNow });
            db.NotificationEvents.Add(new NotificationEvent { Kind = NotificationEventKind.RequestDecision, RecipientUserId = owner.Id, OccurredAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
    }

    /// <summary>A few ids of every table keyed by a Guid, read through the model so that new tables are included.</summary>
    private Task<List<(string Table, Guid Id)>> EveryIdInTheDatabaseAsync() =>
        Host.WithDbAsync(async db =>
        {
            var ids = new List<(string, Guid)>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.FindPrimaryKey()?.Properties is [{ ClrType: var type }] && type == typeof(Guid)))
            {
                var table = entity.GetTableName()!;
                var key = entity.FindPrimaryKey()!.Properties[0].GetColumnName();
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{key}\" FROM \"{table}\" LIMIT 2";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    ids.Add((table, reader.GetGuid(0)));
                }
            }

            ids.Add(("none", Guid.NewGuid()));
            Assert.Contains(ids, i => i.Item1 == "Documents");
            Assert.Contains(ids, i => i.Item1 == "Memberships");
            Assert.Contains(ids, i => i.Item1 == "Structures");
            // Other users' sessions: « Mettre fin à cette session » with one of them is a 404, the session left in force.
            Assert.Contains(ids, i => i.Item1 == "UserSessions");
            return ids;
        });

    private Task<string> CountsAsync() =>
        Host.WithDbAsync(async db => string.Join(",",
            await db.Documents.CountAsync(), await db.Memberships.CountAsync(m => m.Status == Core.Memberships.MembershipStatus.Active),
            await db.Memberships.CountAsync(m => m.Status == Core.Memberships.MembershipStatus.Pending), await db.Subscriptions.CountAsync()));
}
