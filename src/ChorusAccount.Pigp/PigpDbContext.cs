using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Pigp;

/// <summary>Holds the OpenIddict entities (applications, authorizations, scopes, tokens).</summary>
internal sealed class PigpDbContext(DbContextOptions<PigpDbContext> options) : DbContext(options);
