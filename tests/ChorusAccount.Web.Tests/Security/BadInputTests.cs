using System.Net;
using System.Text;
using System.Text.Json;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Tests.Documents;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChorusAccount.Web.Tests.Security;

/// <summary>Every form of the portal, every field, posted with hostile values: never a 500, and when the answer is not a
/// successful save, nothing at all written.</summary>
public abstract class BadInputTests(PortalHost host, ITestOutputHelper output)
{
    /// <summary>Each value once in every field. Raw values are sent as they are, already percent-encoded (invalid UTF-8).</summary>
    private static readonly (string Label, string Value, bool Raw)[] _hostile =
    [
        ("empty", "", false),
        ("3,000 characters", new string('x', 3_000), false),
        ("100,000 characters", new string('é', 100_000), false),
        ("unicode", "Zoë Ω 日本語 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 e\u0301 \u202Egnp.exe", false),
        ("NUL", "a\u0000b", false),
        ("control characters", "\u0007\u001b[31m\r\n\t\u0085", false),
        ("invalid UTF-8", "%FF%FE%ED%A0%80", true),
        ("text for a number or an id", "abc", false),
        ("negative", "-1", false),
        ("huge number", "99999999999999999999999999", false),
        ("impossible date", "2026-02-30", false),
        ("markup", "<script>alert(1)</script>", false),
        ("SQL", "' OR 1=1; DROP TABLE \"Users\"; --", false),
        ("a Guid of nothing", Guid.NewGuid().ToString(), false),
    ];

    [Fact]
    public async Task Every_form_field_survives_hostile_values_without_a_500_or_a_half_saved_change()
    {
        var world = await WorldAsync();
        using var manager = host.NewAgent();
        await manager.SignInAsync(world.Manager.Login);
        using var newcomer = host.NewAgent();
        await newcomer.SignInAsync(world.Newcomer.Login);
        var pages = new (AgentClient Agent, string Path, Action<HtmlForm> Prepare)[]
        {
            (newcomer, "/mon-compte/completer", _ => { }),
            (manager, "/mon-compte", _ => { }),
            (manager, "/mon-compte/rattachements/demande", _ => { }),
            (manager, $"/mon-compte/rattachements/nouvelle?structureId={world.OtherStructure.Id}", _ => { }),
            (manager, "/mon-compte/pieces-jointes/ajouter", _ => { }),
            (manager, $"/mon-compte/pieces-jointes/supprimer?ids={world.DocumentId}", _ => { }),
            (manager, $"/mon-compte/rattachements/supprimer?ids={world.ManagerMembershipId}", _ => { }),
            // A request ticked and « Refuser » pressed: the reason field is what the manager types.
            (manager, "/activites-gestionnaire", f => f.Add("ids", (f.Action.AbsolutePath.Contains("abonnements", StringComparison.Ordinal) ? world.PendingSubscriptionId : world.PendingRequestId).ToString()).Set("decision", "Refuse")),
            (manager, $"/mon-compte/abonnements/nouveau?structureId={world.ManagedStructureId}&chosen=true", _ => { }),
            // « Retirer la demande » on the manager's own pending requests.
            (manager, $"/mon-compte/rattachements/{world.OwnPendingMembershipId}", _ => { }),
            (manager, $"/mon-compte/abonnements/retirer?id={world.OwnPendingSubscriptionId}", _ => { }),
            (manager, "/mon-compte/abonnements/supprimer?lines=" + Uri.EscapeDataString(SubscriptionLineKey.ForDefault(world.ManagedStructureId, null, SpaceCatalog.IdOf(SpaceCatalog.InvoicesSent))), _ => { }),
            // « Mes sessions », with the session that uploaded the document still in force: its « Mettre fin à cette session »,
            // then « Mettre fin à toutes les autres sessions » (last: it ends that other session).
            (manager, "/mon-compte/sessions", _ => { }),
        };

        var posted = new HashSet<string>();
        var sent = 0;
        foreach (var (agent, path, prepare) in pages)
        {
            var forms = HtmlForm.ParseAll((await agent.GetAsync(path)).Html, new Uri(host.BaseAddress, path)).Where(f => f.Action.AbsolutePath != "/deconnexion").ToList();
            Assert.True(forms.Count > 0, $"no form on {path}");
            for (var index = 0; index < forms.Count; index++)
            {
                // A form with nothing to type (a button and its token) is posted once, as it is.
                foreach (var field in forms[index].Names.Where(n => n != "__RequestVerificationToken").Cast<string?>().DefaultIfEmpty())
                {
                    foreach (var (label, value, raw) in field is null ? _hostile[..1] : _hostile)
                    {
                        // A query string is at most 8 KB (Kestrel's request line): browsers send no longer ones either.
                        if (forms[index].Method == "get" && value.Length > 4_000)
                        {
                            continue;
                        }

                        // Fresh from the page each time: the version and token a user would have now.
                        await host.WithDbAsync(db => db.Users.Where(u => u.Id == world.Newcomer.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.ProfileValidatedAt, (DateTime?)null)));
                        var page = await agent.GetAsync(path);
                        var current = HtmlForm.ParseAll(page.Html, page.Uri).Where(f => f.Action.AbsolutePath != "/deconnexion").ElementAtOrDefault(index);
                        if (current is null)
                        {
                            continue;
                        }

                        prepare(current);
                        var before = await SnapshotAsync(world);
                        using var response = await SendAsync(agent, current, field, value, raw);
                        var what = $"{current.Method.ToUpperInvariant()} {current.Action.AbsolutePath} with {label} in {field ?? "no field"}";
                        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");
                        if ((int)response.StatusCode is not (>= 300 and < 400))
                        {
                            Assert.True(before == await SnapshotAsync(world), $"{what} answered {(int)response.StatusCode} but changed the database");
                        }

                        if (current.Method == "post")
                        {
                            posted.Add(current.Action.AbsolutePath);
                        }

                        sent++;
                    }
                }
            }
        }

        output.WriteLine($"{sent} hostile submissions, POST actions reached: {string.Join(", ", posted.Order())}");
        var everyPost = PortalRoute.All(host).Where(r => r.Method == "POST" && !r.Anonymous && !r.IsOps && r.Template != "/deconnexion").Select(r => r.Template);
        Assert.All(everyPost, p => Assert.True(posted.Contains(p), $"{p} has no form in this test's pages: add its page"));
        Assert.Equal(0, await host.WithDbAsync(db => db.Documents.CountAsync(d => !db.DocumentContents.Any(c => c.DocumentId == d.Id))));
    }

    [Fact]
    public async Task Every_public_page_given_hostile_values_in_its_address_answers_as_without_them_and_reflects_nothing()
    {
        // The footer's pages and the other pages anyone may read (the error page's own code apart: its path is its input).
        var pages = PortalRoute.All(host).Where(r => r.Anonymous && r.Method == "GET" && !r.Template.Contains('{', StringComparison.Ordinal)).Select(r => r.Template).ToList();
        Assert.All(Information.InformationPagesTests.FooterPages, p => Assert.Contains(p.Path, pages));
        var user = await host.CreateUserAsync();
        using var anonymous = host.NewAgent();
        using var signedIn = host.NewAgent();
        await signedIn.SignInAsync(user.Login);
        var sent = 0;

        foreach (var agent in new[] { anonymous, signedIn })
        {
            foreach (var path in pages)
            {
                using var clean = await agent.NoRedirect.GetAsync(path);
                foreach (var (label, value, raw) in _hostile.Where(h => h.Value.Length <= 4_000))
                {
                    var encoded = raw ? value : Uri.EscapeDataString(value);
                    // A query parameter of its own, the names the portal's pages read (motif, code, lang, returnUrl), and a
                    // path segment after the page.
                    var addresses = new[] { "q", "motif", "code", "lang", "ReturnUrl" }.Select(name => $"{path}?{name}={encoded}").Append($"{path.TrimEnd('/')}/{encoded}");
                    foreach (var address in addresses)
                    {
                        using var response = await agent.NoRedirect.GetAsync(address);
                        var what = $"GET {address[..Math.Min(address.Length, 120)]} ({label})";
                        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");
                        if (address.Contains('?', StringComparison.Ordinal))
                        {
                            Assert.True(response.StatusCode == clean.StatusCode, $"{what} answered {(int)response.StatusCode}, {(int)clean.StatusCode} without it");
                        }

                        Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                        sent++;
                    }
                }
            }
        }

        output.WriteLine($"{sent} hostile addresses on {string.Join(", ", pages)}");
    }

    [Fact]
    public async Task The_demo_module_page_given_hostile_codes_finds_nothing_and_reflects_nothing()
    {
        // The page a space's tile opens in the demo: its path segment is its input (the test portals run the demo).
        Assert.Contains(PortalRoute.All(host), r => r.Template == "/demo/espace/{code}");
        var user = await host.CreateUserAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(user.Login);
        using var known = await agent.NoRedirect.GetAsync("/demo/espace/FACTURES_EMISES");
        Assert.Equal(System.Net.HttpStatusCode.OK, known.StatusCode);

        foreach (var (label, value, raw) in _hostile.Where(h => h.Value.Length <= 4_000))
        {
            var encoded = raw ? value : Uri.EscapeDataString(value);
            foreach (var address in new[] { $"/demo/espace/{encoded}", $"/demo/espace/FACTURES_EMISES?code={encoded}", $"/?code={encoded}" })
            {
                using var response = await agent.NoRedirect.GetAsync(address);
                var what = $"GET {address[..Math.Min(address.Length, 120)]} ({label})";
                var expected = address.Contains('?', StringComparison.Ordinal) ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.NotFound;
                Assert.True(response.StatusCode == expected || (int)response.StatusCode == 400, $"{what} answered {(int)response.StatusCode}");
                Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_control_character_in_a_search_criterion_and_an_overlong_refusal_reason_get_their_message_beside_the_field()
    {
        var world = await WorldAsync();
        using var agent = host.NewAgent();
        await agent.SignInAsync(world.Manager.Login);

        var search = await agent.GetAsync("/mon-compte/rattachements/demande?searched=true&City=Orl%00eans");
        var activities = await agent.GetAsync("/activites-gestionnaire");
        var refused = await agent.SubmitAsync(activities.Form("/activites-gestionnaire/decisions")
            .Add("ids", world.PendingRequestId.ToString()).Set("decision", "Refuse").Set("reason", new string('r', 1001)));

        Assert.Equal(HttpStatusCode.OK, search.Status);
        Assert.Equal("Ce champ contient des caractères non autorisés.", search.Single("#City-messages > p.fr-message.fr-message--error").ShownText());
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Contains("Ce champ ne peut pas dépasser 1000 caractères."), refused.Html);
        Assert.Equal(MembershipStatus.Pending, await host.WithDbAsync(db => db.Memberships.Where(m => m.Id == world.PendingRequestId).Select(m => m.Status).SingleAsync()));
    }

    private static async Task<HttpResponseMessage> SendAsync(AgentClient agent, HtmlForm form, string? field, string value, bool raw)
    {
        var fields = form.Fields.Where(f => f.Key != field).Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value));
        if (field is not null)
        {
            fields = fields.Append(Uri.EscapeDataString(field) + "=" + (raw ? value : Uri.EscapeDataString(value)));
        }

        var body = string.Join("&", fields);
        if (form.Method == "post")
        {
            return await agent.NoRedirect.PostAsync(form.Action, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
        }

        return await agent.NoRedirect.GetAsync(new UriBuilder(form.Action) { Query = body }.Uri);
    }

    private sealed record World(
        User Manager, User Newcomer, User Requester, Structure OtherStructure, Guid ManagerMembershipId, Guid PendingRequestId, Guid DocumentId, Guid ManagedStructureId,
        Guid PendingSubscriptionId, Guid OwnPendingMembershipId, Guid OwnPendingSubscriptionId);

    /// <summary>A primary manager with a document and a request waiting for her, a structure to ask for, a newcomer.</summary>
    private async Task<World> WorldAsync()
    {
        var manager = await host.CreateUserAsync();
        var requester = await host.CreateUserAsync();
        var subscriber = await host.CreateUserAsync();
        var newcomer = await host.CreateUserAsync(profileValidated: false);
        var structures = await host.WithDbAsync(db => db.Structures.AsNoTracking().Include(s => s.Services).Where(s => s.Services.Count > 1)
            .Where(s => !db.Memberships.Any(m => m.StructureId == s.Id && m.Role == MembershipRole.PrimaryManager)).OrderBy(s => s.Identifier).Take(3).ToListAsync());
        var (managed, other, third) = (structures[0], structures[1], structures[2]);
        var managerMembership = new Membership
        {
            UserId = manager.Id,
            StructureId = managed.Id,
            Role = MembershipRole.PrimaryManager,
            Status = MembershipStatus.Active,
            Origin = MembershipOrigin.Madrhas,
            StartDate = new DateOnly(2024, 1, 1),
            RequestedAt = DateTime.UtcNow,
        };
        var pending = new Membership
        {
            UserId = requester.Id,
            StructureId = managed.Id,
            Status = MembershipStatus.Pending,
            StartDate = new DateOnly(2026, 1, 1),
            RequestedAt = DateTime.UtcNow,
        };
        // A member of the managed structure asking for « Factures de travaux »: the managers' subscription form.
        var subscriberMembership = new Membership
        {
            UserId = subscriber.Id,
            StructureId = managed.Id,
            Status = MembershipStatus.Active,
            StartDate = new DateOnly(2024, 1, 1),
            RequestedAt = DateTime.UtcNow,
        };
        var pendingSubscription = new Subscription
        {
            UserId = subscriber.Id,
            StructureId = managed.Id,
            SpaceId = SpaceCatalog.IdOf("FACTURES_TRAVAUX"),
            Mode = SubscriptionMode.Consultation,
            Status = SubscriptionStatus.Pending,
            RequestedAt = DateTime.UtcNow,
        };
        // The manager's own requests, waiting for others: a membership of a third structure, a space of its own structure.
        var ownPending = new Membership
        {
            UserId = manager.Id,
            StructureId = third.Id,
            Status = MembershipStatus.Pending,
            StartDate = new DateOnly(2026, 1, 1),
            RequestedAt = DateTime.UtcNow,
        };
        var ownPendingSubscription = new Subscription
        {
            UserId = manager.Id,
            StructureId = managed.Id,
            SpaceId = SpaceCatalog.IdOf("FACTURES_TRAVAUX"),
            Mode = SubscriptionMode.Consultation,
            Status = SubscriptionStatus.Pending,
            RequestedAt = DateTime.UtcNow,
        };
        await host.WithDbAsync(async db =>
        {
            db.Memberships.AddRange(managerMembership, pending, subscriberMembership, ownPending);
            db.Subscriptions.AddRange(pendingSubscription, ownPendingSubscription);
            await db.SaveChangesAsync();
        });
        using (var agent = host.NewAgent())
        {
            await agent.SignInAsync(manager.Login);
            Assert.True((await agent.UploadAsync("a.pdf", DocumentUploads.Pdf, "Pièce")).Contains("La pièce jointe a été ajoutée."));
        }

        var document = await host.WithDbAsync(db => db.Documents.SingleAsync(d => d.UserId == manager.Id));
        return new World(manager, newcomer, requester, other, managerMembership.Id, pending.Id, document.Id, managed.Id, pendingSubscription.Id, ownPending.Id, ownPendingSubscription.Id);
    }

    private Task<string> SnapshotAsync(World world) =>
        host.WithDbAsync(async db =>
        {
            Guid[] users = [world.Manager.Id, world.Newcomer.Id, world.Requester.Id];
            return JsonSerializer.Serialize(new
            {
                Users = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id)).OrderBy(u => u.Login).ToListAsync(),
                Memberships = await db.Memberships.AsNoTracking().Include(m => m.Services).Where(m => users.Contains(m.UserId)).OrderBy(m => m.Id).ToListAsync(),
                Documents = await db.Documents.CountAsync(),
                Contents = await db.DocumentContents.CountAsync(),
                Audit = await db.AuditEntries.CountAsync(),
                Subscriptions = await db.Subscriptions.CountAsync(),
                Events = await db.NotificationEvents.CountAsync(),
            });
        });
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputTestsOnSqlite(SqlitePortalFixture fixture, ITestOutputHelper output) : BadInputTests(fixture.Host, output);

[Collection(PostgreSqlCollection.Name)]
public sealed class BadInputTestsOnPostgreSql(PostgreSqlPortalFixture fixture, ITestOutputHelper output) : BadInputTests(fixture.Host, output);
