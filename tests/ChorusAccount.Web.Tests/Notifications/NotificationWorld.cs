using System.Net.Http.Json;
using ChorusAccount.Core.Accounts;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Notifications;
using ChorusAccount.Core.Structures;
using ChorusAccount.Core.Subscriptions;
using ChorusAccount.Web.Jobs;
using ChorusAccount.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Notifications;

/// <summary>Structures, users, memberships and events of one test, posted to the real endpoint; the digest run as the job runs it.</summary>
public sealed class NotificationWorld(PortalHost host, SmtpCatcher? smtp = null)
{
    public NotificationWorld(DigestPortalFixture fixture)
        : this(fixture.Host, fixture.Smtp)
    {
    }

    public PortalHost Host => host;
    public SmtpCatcher Smtp => smtp ?? throw new InvalidOperationException("This portal sends no mail to a test SMTP server.");

    public async Task<Structure> StructureAsync(params string[] serviceCodes)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var body = "2" + Random.Shared.NextInt64(0, 1_000_000_000_000).ToString("D12");
        var structure = new Structure
        {
            Identifier = Enumerable.Range(0, 10).Select(d => body + d).First(StructureIdentifier.PassesLuhn),
            CompanyName = $"MAIRIE TEST {suffix}",
            City = "Orléans",
            CreatedAt = DateTime.UtcNow,
        };
        structure.Services.AddRange(serviceCodes.Select(c => new ServiceUnit { StructureId = structure.Id, Code = c, Label = "Service " + c }));
        await Host.WithDbAsync(async db =>
        {
            db.Structures.Add(structure);
            await db.SaveChangesAsync();
        });
        return structure;
    }

    public async Task<User> UserAsync(UserLanguage language = UserLanguage.French, bool notifications = true, UserStatus status = UserStatus.Active)
    {
        var user = await Host.CreateUserAsync(status: status);
        await Host.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language).SetProperty(u => u.ReceiveNotifications, notifications)));
        return user;
    }

    public Task AttachAsync(User user, Structure structure, MembershipRole role = MembershipRole.Member, MembershipStatus status = MembershipStatus.Active, params string[] serviceCodes) =>
        Host.WithDbAsync(async db =>
        {
            db.Memberships.Add(new Membership
            {
                UserId = user.Id,
                StructureId = structure.Id,
                Role = role,
                Status = status,
                WholeStructure = serviceCodes.Length == 0,
                StartDate = new DateOnly(2025, 1, 1),
                RequestedAt = DateTime.UtcNow,
                Services = [.. structure.Services.Where(s => serviceCodes.Contains(s.Code)).Select(s => new MembershipService { ServiceUnitId = s.Id })],
            });
            await db.SaveChangesAsync();
        });

    /// <summary>The user removed a default line: it no longer holds that space for the structure.</summary>
    public Task WithdrawAsync(User user, Structure structure, string spaceCode) =>
        Host.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(new Subscription
            {
                UserId = user.Id,
                StructureId = structure.Id,
                SpaceId = SpaceCatalog.All.Single(s => s.Code == spaceCode).Id,
                Status = SubscriptionStatus.Withdrawn,
                RequestedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

    public static Dictionary<string, string?> Event(Structure structure, string status = "DEPOSEE", string side = "RECIPIENT", string? service = null,
        string? reason = null, string? invoice = null, string? id = null, string occurredAt = "2026-03-02T09:30:00+01:00") => new()
        {
            ["eventId"] = id ?? "evt-" + Guid.NewGuid().ToString("N"),
            ["invoiceNumber"] = invoice ?? "F-" + Random.Shared.Next(100_000, 999_999),
            ["side"] = side,
            ["structureIdentifier"] = structure.Identifier,
            ["serviceCode"] = service,
            ["statusCode"] = status,
            ["occurredAt"] = occurredAt,
            ["reason"] = reason,
        };

    public Task<HttpResponseMessage> PostAsync(object body, string? key = DigestPortalFixture.ApiKey) => PostRawAsync(JsonContent.Create(body), key);

    /// <summary>Any body, as it is: its bytes and its Content-Type header (none when the content has none). With
    /// <paramref name="expectContinue"/> the body waits for the server's « 100 Continue », as senders of large bodies do:
    /// a body refused for its size is then never sent (else the server closes the connection while it is being written).</summary>
    public async Task<HttpResponseMessage> PostRawAsync(HttpContent content, string? key = DigestPortalFixture.ApiKey, bool expectContinue = false, CancellationToken ct = default)
    {
        using var http = new HttpClient(AgentClient.Handler(new System.Net.CookieContainer())) { BaseAddress = Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invoice-events") { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await http.SendAsync(request, ct);
    }

    public async Task PostOkAsync(params Dictionary<string, string?>[] events)
    {
        using var response = await PostAsync(events);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A portal event (a manager's decision) recorded as the portal records it.</summary>
    public Task PortalEventAsync(User user, Structure structure, NotificationEventKind kind, string? status, string? reason = null) =>
        Host.WithDbAsync(async db =>
        {
            db.NotificationEvents.Add(new NotificationEvent
            {
                Kind = kind,
                RecipientUserId = user.Id,
                StructureId = structure.Id,
                StatusCode = status,
                Reason = reason,
                OccurredAt = DateTime.UtcNow,
                CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

    public async Task<DigestRunReport> RunAsync(CancellationToken ct = default)
    {
        await LeaveTheCurrentMillisecondAsync();
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(ct);
    }

    /// <summary>
    /// A plan's cutoff is the run's time rounded down to the millisecond (the fixture has no settle delay), so an event
    /// recorded in that same millisecond is left to the next run. A test that runs the plan right after recording its
    /// events waits for the clock to leave the millisecond of the last one.
    /// </summary>
    public static async Task LeaveTheCurrentMillisecondAsync()
    {
        var recorded = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
        while (DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond <= recorded)
        {
            await Task.Delay(1);
        }
    }

    public Task<List<NotificationDigest>> DigestsOfAsync(params User[] users)
    {
        var ids = users.Select(u => u.Id).ToList();
        return Host.WithDbAsync(db => db.NotificationDigests.AsNoTracking().Where(d => ids.Contains(d.UserId)).ToListAsync());
    }
}
