using System.Diagnostics;
using System.Runtime;

namespace ChorusAccount.Bench.Shared;

/// <summary>How a warm-up ended: its rounds, the methods the JIT compiled meanwhile, its processor time on them, and
/// whether the last round was quiet.</summary>
public sealed record WarmUp(int Rounds, long MethodsCompiled, TimeSpan JitTime, TimeSpan Elapsed, bool Quiet)
{
    public override string ToString() =>
        $"warm-up: {Rounds} round(s) in {Elapsed.TotalSeconds:0} s, {MethodsCompiled} methods compiled ({JitTime.TotalSeconds:0.0} s of JIT), "
        + (Quiet ? "the JIT quiet in the last round" : "the JIT still compiling when the warm-up's limit came");
}

/// <summary>
/// Warms the portal (in this process) up until the JIT is quiet, so that what is measured next is the portal's steady
/// state, not its tiered compilation: on this machine the JIT spends 2 to 3 s of processor every 4 s during the first half
/// minute under load (about 10,000 methods, tier 0, instrumented, then optimized), and a page measured then serves at
/// half its rate.
/// </summary>
public static class JitWarmUp
{
    /// <summary>Runs <paramref name="round"/> until one round compiles fewer than <paramref name="quietMethods"/> methods,
    /// or <paramref name="limit"/> (3 minutes) passes.</summary>
    public static async Task<WarmUp> UntilQuietAsync(Func<Task> round, int quietMethods = 100, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        var methods = JitInfo.GetCompiledMethodCount();
        var jitTime = JitInfo.GetCompilationTime();
        var rounds = 0;
        while (true)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round();
            rounds++;
            var quiet = JitInfo.GetCompiledMethodCount() - before < quietMethods;
            if (quiet || clock.Elapsed >= (limit ?? TimeSpan.FromMinutes(3)))
            {
                return new WarmUp(rounds, JitInfo.GetCompiledMethodCount() - methods, JitInfo.GetCompilationTime() - jitTime, clock.Elapsed, quiet);
            }
        }
    }
}
