using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Alerts;

/// <summary>
/// Evaluates one model's alert rules on a timer from its history samples; a rule fires per version when its metric
/// over the window breaches the threshold and resolves when it no longer does (or the version's traffic, or the
/// rule, went away). Rules and alerts are persisted; notifications go through the <see cref="AlertNotifier"/>.
/// </summary>
public sealed class AlertManagerGrain(
    [PersistentState("alerts", RecNames.ModelStorage)] IPersistentState<AlertManagerState> state,
    IOptions<MonitoringOptions> monitoring,
    IOptions<AlertOptions> alertOptions,
    AlertNotifier notifier,
    TimeProvider time,
    ILogger<AlertManagerGrain> logger) : Grain, IAlertManagerGrain
{
    private string Model => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = monitoring.Value.AlertEvaluationInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task<AlertRule[]> GetRulesAsync() => Task.FromResult(Rules().ToArray());

    public async Task<AlertRule> AddRuleAsync(AlertRule rule)
    {
        var problems = AlertRules.Problems(rule);
        if (problems.Count > 0)
        {
            throw new ModelValidationException("invalid alert rule: " + string.Join("; ", problems.Select(p => $"{p.Key} {string.Join(", ", p.Value)}")));
        }

        if (Rules().Any(r => r.Id == rule.Id))
        {
            throw new ModelStateConflictException($"model '{Model}' already has an alert rule '{rule.Id}'");
        }

        if (state.State.Rules.Count >= AlertRules.MaxRulesPerModel)
        {
            throw new ModelStateConflictException($"model '{Model}' has {AlertRules.MaxRulesPerModel} alert rules, the most it may have");
        }

        rule = rule with { BuiltIn = false };
        state.State.Rules.Add(rule);
        await state.WriteStateAsync();
        return rule;
    }

    public async Task<bool> DeleteRuleAsync(string ruleId)
    {
        if (state.State.Rules.RemoveAll(r => r.Id == ruleId) == 0)
        {
            if (!AlertRules.BuiltIn.Any(r => r.Id == ruleId) || state.State.DeletedBuiltIns.Contains(ruleId))
            {
                return false;
            }

            state.State.DeletedBuiltIns.Add(ruleId);
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<Alert[]> GetAlertsAsync(AlertState? filter) => Task.FromResult(state.State.Alerts
        .Where(a => filter is null || a.State == filter)
        .OrderByDescending(a => a.Sequence)
        .ToArray());

    public async Task<Alert[]> EvaluateAsync()
    {
        var rules = Rules().ToArray();
        var longest = rules.Length == 0 ? 1 : rules.Max(HistorySpanSeconds);
        var history = await GrainFactory.GetGrain<IModelHistoryGrain>(Model).GetHistoryAsync(TimeSpan.FromSeconds(longest));
        var registry = GrainFactory.GetGrain<IModelRegistryGrain>(Model);
        var policy = await registry.GetTrafficAsync();
        var now = time.GetUtcNow();
        var transitions = new List<Alert>();
        var evaluated = new HashSet<(string RuleId, int Version)>();
        var samples = history.Versions.ToDictionary(v => v.Version, v => v.Samples);
        foreach (var rule in rules)
        {
            var start = now - TimeSpan.FromSeconds(rule.WindowSeconds);
            if (AlertRules.IsSiloMetric(rule.Metric))
            {
                var (siloValue, silo) = AlertEvaluation.SiloValue(rule.Metric, history.Silos.Where(r => r.At > start).ToArray());
                evaluated.Add((rule.Id, 0));
                transitions.AddRange(await TransitionAsync(rule, 0, siloValue, null, silo, policy, now));
                continue;
            }

            var windows = samples.ToDictionary(v => v.Key, v => v.Value.Where(s => s.At > start).ToArray());
            int[] versions = rule.Version is int only ? [only] : VersionsWatched(rule, samples, windows, now);
            foreach (var version in versions)
            {
                int? control = null;
                var value = VersionValue(rule, samples.GetValueOrDefault(version) ?? [], windows.GetValueOrDefault(version) ?? [], now);
                if (rule.CompareWithControl)
                {
                    if (policy.Active is not int active || active == version)
                    {
                        continue;
                    }

                    control = active;
                    var controlValue = VersionValue(rule, samples.GetValueOrDefault(active) ?? [], windows.GetValueOrDefault(active) ?? [], now);
                    value = value is double v && controlValue is double c ? v - c : null;
                }

                evaluated.Add((rule.Id, version));
                transitions.AddRange(await TransitionAsync(rule, version, value, control, null, policy, now));
            }
        }

        // Rules deleted and versions whose traffic stopped: what was firing for them resolves.
        foreach (var firing in state.State.Alerts.Where(a => a.State == AlertState.Firing && !evaluated.Contains((a.Rule.Id, a.Version))).ToArray())
        {
            transitions.Add(Resolve(firing, null, now));
        }

        if (transitions.Count > 0)
        {
            Trim();
            await state.WriteStateAsync();
            foreach (var alert in transitions)
            {
                notifier.Enqueue(alert);
            }
        }

        return [.. transitions];
    }

    /// <summary>Fires or resolves the rule for the version as the value says; no transition when nothing changes.</summary>
    private async Task<Alert[]> TransitionAsync(AlertRule rule, int version, double? value, int? control, string? silo, TrafficPolicy policy, DateTimeOffset now)
    {
        var firing = Firing(rule.Id, version);
        if (firing is null && AlertEvaluation.Breaches(rule, value))
        {
            return [await FireAsync(rule, version, value!.Value, control, silo, policy, now)];
        }

        return firing is not null && !AlertEvaluation.Breaches(rule, value) ? [Resolve(firing, value, now)] : [];
    }

    /// <summary>Seconds of history a rule reads: its window, and for a throughput rule the baseline windows before it.</summary>
    private static int HistorySpanSeconds(AlertRule rule) =>
        rule.Metric == AlertMetric.ThroughputRatio ? rule.WindowSeconds * (AlertRules.ThroughputBaselineWindows + 1) : rule.WindowSeconds;

    /// <summary>
    /// The versions a rule without a version watches: those with traffic in the window; for a throughput rule also
    /// those with traffic in its baseline (traffic stopping is the drop it is for); for readiness every version sampled
    /// in the window (the history samples the versions the policy serves).
    /// </summary>
    private static int[] VersionsWatched(AlertRule rule, Dictionary<int, HistorySample[]> samples, Dictionary<int, HistorySample[]> windows, DateTimeOffset now)
    {
        var span = now - TimeSpan.FromSeconds(HistorySpanSeconds(rule));
        return rule.Metric switch
        {
            AlertMetric.ThroughputRatio => samples.Where(v => v.Value.Any(s => s.At > span && s.Attempts > 0)).Select(v => v.Key).ToArray(),
            AlertMetric.ReadySilosFraction => windows.Where(w => w.Value.Length > 0).Select(w => w.Key).ToArray(),
            _ => windows.Where(w => w.Value.Any(s => s.Attempts > 0)).Select(w => w.Key).ToArray(),
        };
    }

    private static double? VersionValue(AlertRule rule, HistorySample[] all, HistorySample[] window, DateTimeOffset now) =>
        rule.Metric == AlertMetric.ThroughputRatio ? AlertEvaluation.ThroughputRatio(all, now, rule.WindowSeconds) : AlertEvaluation.Value(rule.Metric, window, now);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EvaluateAsync();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            MonitoringLog.EvaluationFailed(logger, e, Model);
        }
    }

    private IEnumerable<AlertRule> Rules() =>
        AlertRules.BuiltIn.Where(b => !state.State.DeletedBuiltIns.Contains(b.Id) && !state.State.Rules.Any(r => r.Id == b.Id)).Concat(state.State.Rules);

    private Alert? Firing(string ruleId, int version) =>
        state.State.Alerts.FirstOrDefault(a => a.State == AlertState.Firing && a.Rule.Id == ruleId && a.Version == version);

    private async Task<Alert> FireAsync(AlertRule rule, int version, double value, int? control, string? silo, TrafficPolicy policy, DateTimeOffset now)
    {
        var rolledBack = rule.AutoRollback && await RollBackAsync(rule, version, policy);
        var alert = new Alert
        {
            Sequence = ++state.State.Sequence,
            Model = Model,
            Version = version,
            Rule = rule,
            State = AlertState.Firing,
            Value = value,
            FiredAt = now,
            ControlVersion = control,
            RolledBack = rolledBack,
            Silo = silo,
        };
        alert = alert with { Analysis = await AnalyzeAsync(alert) };
        state.State.Alerts.Add(alert);
        MonitoringLog.AlertFired(logger, Model, version, rule.Id, AlertRules.NameOf(rule.Severity), AlertRules.NameOf(rule.Metric), value, AlertRules.NameOf(rule.Comparison), rule.Threshold, rule.WindowSeconds);
        return alert;
    }

    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The analysis attached to a firing alert, over ten of its windows (at least 15 minutes): null when it cannot be
    /// made now (within <see cref="AnalysisTimeout"/>), which must not hold the alert back.
    /// </summary>
    private async Task<ModelAnalysis?> AnalyzeAsync(Alert alert)
    {
        var window = TimeSpan.FromSeconds(Math.Clamp(10.0 * alert.Rule.WindowSeconds, 15 * 60, 24 * 60 * 60));
        try
        {
            // Bounded: a silo that does not answer must not hold the alert (and this grain's next evaluation) back.
            return await GrainFactory.GetGrain<IModelAnalysisGrain>(Model).AnalyzeAlertAsync(alert, window).WaitAsync(AnalysisTimeout);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            MonitoringLog.AnalysisFailed(logger, Model, alert.Rule.Id, e.Message);
            return null;
        }
    }

    /// <summary>Ends the split when the version is a canary in it (not the active version); true when it did.</summary>
    private async Task<bool> RollBackAsync(AlertRule rule, int version, TrafficPolicy policy)
    {
        if (policy.Active is not int active || active == version || !policy.Splits.Any(s => s.Version == version))
        {
            return false;
        }

        try
        {
            await GrainFactory.GetGrain<IModelRegistryGrain>(Model).SetTrafficAsync([], policy.Shadow == version ? null : policy.Shadow, $"alert:{rule.Id}");
            MonitoringLog.AutoRolledBack(logger, Model, rule.Id, version, active);
            return true;
        }
        catch (Exception e) when (e is ModelValidationException or ModelStateConflictException or ModelNotFoundException or OrleansException or TimeoutException)
        {
            MonitoringLog.AutoRollbackFailed(logger, e, Model, rule.Id, version);
            return false;
        }
    }

    private Alert Resolve(Alert firing, double? value, DateTimeOffset now)
    {
        var resolved = firing with { State = AlertState.Resolved, ResolvedAt = now, ResolvedValue = value };
        state.State.Alerts[state.State.Alerts.IndexOf(firing)] = resolved;
        MonitoringLog.AlertResolved(logger, Model, firing.Version, firing.Rule.Id, AlertRules.NameOf(firing.Rule.Metric), value, firing.FiredAt);
        return resolved;
    }

    /// <summary>Keeps every firing alert and the most recent resolved ones.</summary>
    private void Trim()
    {
        var resolved = state.State.Alerts.Count(a => a.State == AlertState.Resolved);
        var excess = resolved - alertOptions.Value.ResolvedKept;
        for (var i = 0; i < state.State.Alerts.Count && excess > 0;)
        {
            if (state.State.Alerts[i].State == AlertState.Resolved)
            {
                state.State.Alerts.RemoveAt(i);
                excess--;
            }
            else
            {
                i++;
            }
        }
    }
}
