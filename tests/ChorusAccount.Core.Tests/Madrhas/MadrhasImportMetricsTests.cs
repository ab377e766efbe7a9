using System.Diagnostics.Metrics;
using ChorusAccount.Core.Madrhas;
using ChorusAccount.Core.Tests.Support;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>The importer tells <see cref="PortalMetrics"/> its records read and rejected as each batch commits, and never for a dry run.</summary>
public sealed class MadrhasImportMetricsTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value)> _measurements = [];

    public MadrhasImportMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value));
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
        _database.Dispose();
    }

    private static readonly string[] _lines =
    [
        Extract.NoStructure("alpha"), Extract.NoStructure("bravo"), Extract.NoStructure("charlie", statut: "PEUT-ETRE"),
        Extract.NoStructure("delta"), Extract.NoStructure("echo"),
    ];

    private async Task<MadrhasImportReport> ImportAsync(MadrhasImportOptions options)
    {
        await using var db = _database.CreateContext();
        var metrics = new PortalMetrics(_meters);
        // What the counters start from (each at 0, Every_count_starts_at_zero) is not the import's.
        lock (_measurements)
        {
            _measurements.Clear();
        }

        var importer = new MadrhasImporter(db, new FixedTimeProvider(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)), metrics);
        return await importer.ImportAsync(Extract.Of(_lines), "madrhas-test.csv", options, null, CancellationToken.None);
    }

    private List<long> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).ToList();

    [Fact]
    public void Every_count_starts_at_zero()
    {
        // Scraped before its first event: the import's records, each kind of mail, each outcome of the invoice events.
        _ = new PortalMetrics(_meters);

        Assert.Equal([0], Of("chorus.madrhas.records.read"));
        Assert.Equal([0], Of("chorus.madrhas.records.rejected"));
        Assert.Equal([0, 0, 0], Of("chorus.mails.sent"));
        Assert.Equal([0, 0, 0], Of("chorus.mails.failed"));
        Assert.Equal([0, 0, 0], Of("chorus.invoice_events.received"));
    }

    [Fact]
    public async Task Each_committed_batch_adds_its_records_read_and_rejected()
    {
        var report = await ImportAsync(new MadrhasImportOptions(BatchSize: 2));

        Assert.Equal((5, 1), (report.RecordsRead, report.RejectedRecords.Count));
        // Two records, then the rejected one with the next two.
        Assert.Equal([2, 3], Of("chorus.madrhas.records.read"));
        Assert.Equal([0, 1], Of("chorus.madrhas.records.rejected"));
    }

    [Fact]
    public async Task A_dry_run_counts_nothing()
    {
        var report = await ImportAsync(new MadrhasImportOptions(DryRun: true, BatchSize: 2));

        Assert.Equal(5, report.RecordsRead);
        Assert.Empty(_measurements);
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            _created.Add(meter);
            return meter;
        }

        public void Dispose() => _created.ForEach(m => m.Dispose());
    }
}
