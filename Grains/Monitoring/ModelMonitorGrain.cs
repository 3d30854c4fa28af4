using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Events;

namespace Orleans.Rec.Monitoring;

/// <summary>
/// Aggregates the online accuracy of one version (or of a model's fallback lists) from closed attribution windows.
/// Its state is bounded (the sums, plus the last counted impression of the most recent
/// <see cref="MonitoringOptions.MonitorReporters"/> reporters) and written behind on a timer
/// (<see cref="MonitoringOptions.MonitorWriteBehind"/>) and on deactivation, not once per report.
/// </summary>
public sealed class ModelMonitorGrain(
    [PersistentState("monitor", RecNames.ModelStorage)] IPersistentState<ModelMonitorState> state,
    IOptions<MonitoringOptions> options,
    ILogger<ModelMonitorGrain> logger) : Grain, IModelMonitorGrain
{
    private ReporterDedupe _dedupe = new(1);
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _dedupe = ReporterDedupe.From(state.State.LastCounted, options.Value.MonitorReporters);
        var interval = options.Value.MonitorWriteBehind;
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(interval, interval));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
    }

    public Task ReportAsync(string userId, ImpressionOutcome[] outcomes)
    {
        var s = state.State;
        var last = _dedupe.LastCounted(userId);
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
            _dedupe.Counted(userId, last);
            _dirty = true;
            var tags = new TagList { { "model", outcomes[0].Model }, { "version", outcomes[0].Version is int v ? v : Models.ModelKeys.FallbackMonitor } };
            RecMetrics.Impressions.Add(counted, tags);
            RecMetrics.Hits.Add(hits, tags);
        }

        return Task.CompletedTask;
    }

    public Task<OnlineAccuracy> GetAccuracyAsync() => Task.FromResult(new OnlineAccuracy
    {
        Overall = state.State.Overall.ToFigures(),
        ByType = Enum.GetValues<UserEventType>().ToDictionary(t => t, t => (state.State.ByType.GetValueOrDefault(t) ?? new AccuracyTally()).ToFigures()),
    });

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        state.State.LastCounted = _dedupe.ToDictionary();
        try
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept dirty: the next tick (or the deactivation) writes again.
            MonitoringLog.MonitorWriteFailed(logger, e, this.GetPrimaryKeyString());
        }
    }
}
