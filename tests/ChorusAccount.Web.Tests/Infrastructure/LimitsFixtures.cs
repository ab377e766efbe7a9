using System.Data.Common;
using ChorusAccount.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>A portal of its own with small limits, set through configuration as an operator sets them: two ZIPs of
/// pièces jointes, two exports and two requests to managers per user, three pièces jointes per account.</summary>
public abstract class LimitsPortalFixture : IAsyncLifetime
{
    public const int MaxDocuments = 3;

    public PortalHost Host { get; private set; } = default!;

    /// <summary>Holds uploads at their check of the document type, before the quota, until all of them are there.</summary>
    public UploadGate Gate { get; } = new();

    protected abstract Task<TestDatabase> DatabaseAsync();

    public async Task InitializeAsync() => Host = PortalHost.Start(
        await DatabaseAsync(),
        new Dictionary<string, string?>
        {
            ["RateLimiting:DocumentZip:PermitLimit"] = "2",
            ["RateLimiting:PersonalDataExport:PermitLimit"] = "2",
            ["RateLimiting:Requests:PermitLimit"] = "2",
            ["Documents:MaxDocumentsPerAccount"] = MaxDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        services => services.ConfigureDbContext<ChorusAccountDbContext>(o => o.AddInterceptors(Gate)));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteLimitsFixture : LimitsPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgreSqlLimitsFixture : LimitsPortalFixture
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgreSqlAsync();
}

/// <summary>Once armed for N uploads, each upload waits at its document-type check (« Ajouter une pièce jointe » reads it
/// before the quota) until the N are there, then all go on together: they reach the quota at the same moment.</summary>
public sealed class UploadGate : DbCommandInterceptor
{
    private int _expected;
    private int _arrived;
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(int uploads)
    {
        _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrived = 0;
        Volatile.Write(ref _expected, uploads);
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        var expected = Volatile.Read(ref _expected);
        if (expected > 0 && command.CommandText.Contains("\"DocumentTypes\"", StringComparison.Ordinal) && command.CommandText.Contains("EXISTS", StringComparison.Ordinal))
        {
            var open = _open;
            if (Interlocked.Increment(ref _arrived) == expected)
            {
                Volatile.Write(ref _expected, 0);
                open.SetResult();
            }

            // Never a hang: an upload that did not come fails the test with a 500 after a minute.
            await open.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        return result;
    }
}
