using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Bench.Serving;

/// <summary>What every system of a run gets: the same events first, then the same closed-loop load.</summary>
/// <param name="Root">The repository root (run.sh, the build outputs).</param>
/// <param name="Configuration">The build configuration the servers run from.</param>
/// <param name="Events">Posted to each server before the load, in order.</param>
/// <param name="Users">The load asks for recommendations for random users among these.</param>
/// <param name="Connections">Closed-loop connections.</param>
/// <param name="Warmup">Load before each measured window.</param>
/// <param name="Duration">Measured time per system, over all rounds.</param>
/// <param name="Rounds">Windows per system; the systems take turns, one window each per round (<see cref="InterleavedLoad"/>).</param>
public sealed record ServingWorkload(string Root, string Configuration, EventDto[] Events, string[] Users, int Connections, TimeSpan Warmup, TimeSpan Duration, int Rounds);
