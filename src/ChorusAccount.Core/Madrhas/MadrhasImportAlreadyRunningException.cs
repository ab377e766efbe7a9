namespace ChorusAccount.Core.Madrhas;

/// <summary>Another import holds the lock (on this node or another): only one runs at a time.</summary>
public sealed class MadrhasImportAlreadyRunningException(string fileName, DateTime startedAt)
    : InvalidOperationException($"Un import MADRHAS est déjà en cours ({fileName}, démarré le {startedAt:yyyy-MM-dd HH:mm:ss} UTC).")
{
    public string FileName { get; } = fileName;
    public DateTime StartedAt { get; } = startedAt;
}
