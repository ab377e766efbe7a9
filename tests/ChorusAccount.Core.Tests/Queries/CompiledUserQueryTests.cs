using ChorusAccount.Core.Data;
using ChorusAccount.Core.Memberships;
using ChorusAccount.Core.Tests.Support;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace ChorusAccount.Core.Tests.Queries;

public sealed class CompiledUserQueryTests : IDisposable
{
    private readonly MembershipWorld _world = new();

    public void Dispose() => _world.Dispose();

    // A new query each test: the compiled form is kept per instance and per model.
    private static CompiledUserQuery<Guid> InForceMemberships() => new((db, userId, today) =>
    {
        var inForce = AccessRules.InForce(today);
        return db.Memberships.Where(m => m.UserId == userId && inForce.Invoke(m)).Select(m => m.StructureId);
    });

    // Alice attached to the Mairie; Bruno to the École until today (over tomorrow).
    private (Guid Alice, Guid Bruno, Guid Mairie, Guid Ecole) AliceInForceAndBrunoEndingToday()
    {
        var alice = _world.User("alice");
        var bruno = _world.User("bruno");
        var mairie = _world.Structure("Mairie", "21450001300019");
        var ecole = _world.Structure("École", "21450001300027");
        _world.Membership(alice, mairie);
        EndOn(_world.Membership(bruno, ecole), _world.Today);
        return (alice, bruno, mairie.Id, ecole.Id);
    }

    private void EndOn(Guid membershipId, DateOnly endDate)
    {
        using var db = _world.Database.CreateContext();
        db.Memberships.Single(m => m.Id == membershipId).EndDate = endDate;
        db.SaveChanges();
    }

    [Fact]
    public async Task The_user_and_the_day_are_parameters_of_each_run_not_values_of_the_first()
    {
        var (alice, bruno, mairie, ecole) = AliceInForceAndBrunoEndingToday();
        var query = InForceMemberships();

        // Each run on its own context, as requests do: the context the query was built on is not the one it runs on.
        async Task<List<Guid>> Run(Guid userId, DateOnly today)
        {
            await using var db = _world.Database.CreateContext();
            return await query.ToListAsync(db, userId, today, CancellationToken.None);
        }

        Assert.Equal([mairie], await Run(alice, _world.Today));
        Assert.Equal([ecole], await Run(bruno, _world.Today));
        // The day reaches the rule the query invokes: the membership ended on that day is over the day after.
        Assert.Empty(await Run(bruno, _world.Today.AddDays(1)));
        Assert.Equal([mairie], await Run(alice, _world.Today.AddDays(1)));
    }

    [Fact]
    public async Task A_query_capturing_another_value_is_refused_when_it_is_compiled()
    {
        var alice = _world.User("alice");
        _world.Membership(alice, _world.Structure("Mairie", "21450001300019"));
        var name = "Mairie";
        var query = new CompiledUserQuery<Guid>((db, userId, today) =>
            db.Memberships.Where(m => m.UserId == userId && m.Structure!.CompanyName == name).Select(m => m.StructureId));

        await using var db = _world.Database.CreateContext();
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => query.ToListAsync(db, alice, _world.Today, CancellationToken.None));
        Assert.Contains("name", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_of_structures_is_a_parameter_of_each_run_not_the_values_of_the_first()
    {
        var (alice, bruno, mairie, ecole) = AliceInForceAndBrunoEndingToday();
        var query = new CompiledIdsQuery<Guid>((db, structureIds, today) =>
        {
            var inForce = AccessRules.InForce(today);
            return db.Memberships.Where(m => structureIds.Contains(m.StructureId) && inForce.Invoke(m)).Select(m => m.UserId);
        });

        async Task<List<Guid>> Run(IEnumerable<Guid> structureIds, DateOnly today)
        {
            await using var db = _world.Database.CreateContext();
            return await query.ToListAsync(db, structureIds, today, CancellationToken.None);
        }

        Assert.Equal([alice], await Run([mairie], _world.Today));
        Assert.Equal([bruno], await Run([ecole, ecole], _world.Today));
        Assert.Equal(new[] { alice, bruno }.Order(), (await Run([mairie, ecole], _world.Today)).Order());
        Assert.Equal([alice], await Run([mairie, ecole], _world.Today.AddDays(1)));
        Assert.Empty(await Run([], _world.Today));
    }

    [Fact]
    public async Task A_list_of_any_length_runs_as_one_statement_with_one_list_parameter()
    {
        var (_, _, mairie, ecole) = AliceInForceAndBrunoEndingToday();
        var query = new CompiledIdsQuery<Guid>((db, structureIds, _) =>
            db.Memberships.Where(m => structureIds.Contains(m.StructureId)).Select(m => m.UserId));
        var statements = new List<(string Sql, int Parameters)>();

        foreach (var ids in new[] { [mairie], [mairie, ecole], new[] { mairie, ecole, Guid.NewGuid() } })
        {
            await using var db = _world.Database.CreateContext(new CommandRecorder(statements));
            await query.ToListAsync(db, ids, _world.Today, CancellationToken.None);
        }

        // One text for every length (EF Core generates it once and the engine prepares it once), the list one parameter.
        Assert.Equal(3, statements.Count);
        Assert.Single(statements.Select(s => s.Sql).Distinct());
        Assert.All(statements, s => Assert.Equal(1, s.Parameters));
    }

    private sealed class CommandRecorder(List<(string Sql, int Parameters)> statements) : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbDataReader> result, CancellationToken cancellationToken = default)
        {
            statements.Add((command.CommandText, command.Parameters.Count));
            return ValueTask.FromResult(result);
        }
    }
}
