using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ChorusAccount.Core.Data;

/// <summary>
/// A query composed from the rules for one key (a user, a list of structures) and a day, compiled once by EF Core
/// (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TParam2, TResult}(Expression{Func{TContext, TParam1, TParam2, IQueryable{TResult}}})"/>)
/// instead of being built, parameterized and looked up in EF Core's query cache at every request: on a page's largest
/// statement that work costs as much as running the statement. The query is written once, as the method that builds it
/// for any key and day (<paramref name="build"/>); it is built a single time per model with two marker values, and every
/// place the built query holds the key or the day becomes a parameter of the compiled query. A query that captures any
/// other value (which the compiled query would keep for ever) is refused when it is compiled.
/// </summary>
/// <param name="keyMarker">A key no request passes (compared with <see cref="EqualityComparer{T}.Default"/>: a list by reference).</param>
public abstract class CompiledRuleQuery<TKey, T>(Func<ChorusAccountDbContext, TKey, DateOnly, IQueryable<T>> build, TKey keyMarker)
{
    // A day before the first French public e-invoice.
    private static readonly DateOnly _dayMarker = new(1901, 2, 3);

    // One per model: the SQLite, PostgreSQL and SQL Server models map the same entities to other columns types.
    private readonly ConcurrentDictionary<IModel, Func<ChorusAccountDbContext, TKey, DateOnly, IAsyncEnumerable<T>>> _compiled = new();

    /// <summary>The rows of <paramref name="key"/> on <paramref name="today"/>, read through <paramref name="db"/>.</summary>
    public async Task<List<T>> ToListAsync(ChorusAccountDbContext db, TKey key, DateOnly today, CancellationToken ct)
    {
        var query = _compiled.GetOrAdd(db.Model, _ => Compile(db));
        var rows = new List<T>();
        await foreach (var row in query(db, key, today).WithCancellation(ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private Func<ChorusAccountDbContext, TKey, DateOnly, IAsyncEnumerable<T>> Compile(ChorusAccountDbContext db)
    {
        var context = Expression.Parameter(typeof(ChorusAccountDbContext), "db");
        var key = Expression.Parameter(typeof(TKey), "key");
        var day = Expression.Parameter(typeof(DateOnly), "today");
        // The rules' Invoke calls are inlined first, so that the values they capture are in the tree to be replaced.
        var body = new MarkersToParameters(context, key, keyMarker, day).Visit(build(db, keyMarker, _dayMarker).Expression.Expand());
        return EF.CompileAsyncQuery(Expression.Lambda<Func<ChorusAccountDbContext, TKey, DateOnly, IQueryable<T>>>(body, context, key, day));
    }

    /// <summary>
    /// Replaces each captured value equal to a marker by its parameter, the context the query was built on by the context
    /// it runs on, and refuses any other captured value but the context's own sets (query roots).
    /// </summary>
    private sealed class MarkersToParameters(ParameterExpression context, ParameterExpression key, TKey keyMarker, ParameterExpression day) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (!TryEvaluate(node, out var value))
            {
                return base.VisitMember(node);
            }

            return value switch
            {
                TKey k when EqualityComparer<TKey>.Default.Equals(k, keyMarker) => key,
                DateOnly d when d == _dayMarker => day,
                IQueryable queryable => Visit(queryable.Expression),
                ChorusAccountDbContext => context,
                _ => throw new InvalidOperationException(
                    $"A compiled rule query captures {node.Member.DeclaringType?.Name}.{node.Member.Name} ({value?.GetType().Name ?? "null"}): only the key, the day and the context's sets may be captured."),
            };
        }

        protected override Expression VisitConstant(ConstantExpression node) => node.Value switch
        {
            TKey k when EqualityComparer<TKey>.Default.Equals(k, keyMarker) => key,
            DateOnly d when d == _dayMarker => day,
            _ => node,
        };

        // A captured variable: a field or property read from a constant (a closure), possibly through other such reads.
        private static bool TryEvaluate(MemberExpression node, out object? value)
        {
            value = null;
            object? target;
            switch (node.Expression)
            {
                case ConstantExpression constant:
                    target = constant.Value;
                    break;
                case MemberExpression inner when TryEvaluate(inner, out var innerValue):
                    target = innerValue;
                    break;
                default:
                    return false; // a static member (read once, as any constant) or a member of a row
            }

            switch (node.Member)
            {
                case FieldInfo field:
                    value = field.GetValue(target);
                    return true;
                case PropertyInfo property:
                    value = property.GetValue(target);
                    return true;
                default:
                    return false;
            }
        }
    }
}
