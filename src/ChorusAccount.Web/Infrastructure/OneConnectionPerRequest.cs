using ChorusAccount.Core.Data;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Web.Infrastructure;

/// <summary>
/// A page runs several queries (its own, then the layout's while the view renders): the request's context opens its
/// connection once, before the action, instead of once per query, and closes it when the request ends (the context
/// goes back to the pool). Renting and returning a pooled connection takes a lock; per query, that lock was the most
/// contended spot of a signed-in page under load (docs/PERFORMANCE.md).
/// </summary>
public sealed class OneConnectionPerRequest(ChorusAccountDbContext db) : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        await next();
    }
}
