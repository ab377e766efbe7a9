using ChorusAccount.Core.Accounts;

namespace ChorusAccount.Core.Madrhas;

/// <summary>A user of the batch: its id, and its row when it was read in full or created.</summary>
internal sealed class MadrhasBatchUser(Guid id, long? readHash, UserStatus readStatus)
{
    public Guid Id { get; } = id;
    public long? ReadHash { get; } = readHash;
    public User? Row { get; set; }

    /// <summary>The record is the one last applied to this user, and nothing changed its status since.</summary>
    public bool Matches(MadrhasValidRecord record, long hash) => ReadHash == hash && readStatus == record.Status;
}
