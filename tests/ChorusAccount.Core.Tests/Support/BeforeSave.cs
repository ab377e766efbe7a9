using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChorusAccount.Core.Tests.Support;

/// <summary>Runs an action once, when its context starts saving: another request that ends between a check and a save.</summary>
internal sealed class BeforeSave(Func<Task> action) : SaveChangesInterceptor
{
    private Func<Task>? _action = action;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _action, null) is { } run)
        {
            await run();
        }

        return result;
    }
}
