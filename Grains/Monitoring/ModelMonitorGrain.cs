using System.Diagnostics;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Events;

namespace Orleans.Rec.Monitoring;

/// <summary>Aggregates the online accuracy of one version (or of a model's fallback lists) from closed attribution windows.</summary>
public sealed class ModelMonitorGrain(
    [PersistentState("monitor", RecNames.ModelStorage)] IPersistentState<ModelMonitorState> state) : Grain, IModelMonitorGrain
{
    public async Task ReportAsync(string userId, ImpressionOutcome[] outcomes)
    {
        var s = state.State;
        var last = s.LastCounted.GetValueOrDefault(userId, -1);
        var counted = 0;
        var hits = 0;
        foreach (var outcome in outcomes.Where(o => o.K > 0).OrderBy(o => o.Sequence))
        {
            if (outcome.Sequence <= last)
            {
                continue;
            }

            s.Overall.Add(outcome.K, outcome.Hits, outcome.Interacted);
            foreach (var type in outcome.ByType)
            {
                if (!s.ByType.TryGetValue(type.Type, out var tally))
                {
                    tally = new AccuracyTally();
                    s.ByType[type.Type] = tally;
                }

                tally.Add(outcome.K, type.Hits, type.Interacted);
            }

            last = outcome.Sequence;
            counted++;
            hits += outcome.Hits > 0 ? 1 : 0;
        }

        if (counted > 0)
        {
            s.LastCounted[userId] = last;
            await state.WriteStateAsync();
            var tags = new TagList { { "model", outcomes[0].Model }, { "version", outcomes[0].Version is int v ? v : Models.ModelKeys.FallbackMonitor } };
            RecMetrics.Impressions.Add(counted, tags);
            RecMetrics.Hits.Add(hits, tags);
        }
    }

    public Task<OnlineAccuracy> GetAccuracyAsync() => Task.FromResult(new OnlineAccuracy
    {
        Overall = state.State.Overall.ToFigures(),
        ByType = Enum.GetValues<UserEventType>().ToDictionary(t => t, t => (state.State.ByType.GetValueOrDefault(t) ?? new AccuracyTally()).ToFigures()),
    });
}
