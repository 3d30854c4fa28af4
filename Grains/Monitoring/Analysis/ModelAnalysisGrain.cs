using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Models;

namespace Orleans.Rec.Monitoring.Analysis;

/// <summary>
/// Gathers what an analysis reads (history, audit log, config revisions of the versions with traffic, the device each
/// silo really runs them on) and hands it to <see cref="CauseRanker"/>. Holds nothing between calls.
/// </summary>
[StatelessWorker]
public sealed class ModelAnalysisGrain(IOptions<MonitoringOptions> options, IOptions<KafkaSettings> kafka, TimeProvider time, ILogger<ModelAnalysisGrain> logger) : Grain, IModelAnalysisGrain
{
    private string Model => this.GetPrimaryKeyString();

    public async Task<ModelAnalysis> AnalyzeAsync(TimeSpan window) => CauseRanker.Analyze(await GatherAsync(window, null));

    public async Task<ModelAnalysis> AnalyzeAlertAsync(Alert alert, TimeSpan window) =>
        CauseRanker.Analyze(await GatherAsync(window, new AlertFocus(AlertRules.NameOf(alert.Rule.Metric), alert.Version, alert.Value, alert.FiredAt, alert.Rule.WindowSeconds)));

    private async Task<AnalysisInput> GatherAsync(TimeSpan window, AlertFocus? focus)
    {
        var registry = GrainFactory.GetGrain<IModelRegistryGrain>(Model);
        var historyTask = GrainFactory.GetGrain<IModelHistoryGrain>(Model).GetHistoryAsync(window);
        var auditTask = registry.GetAuditAsync();
        var policy = await registry.GetTrafficAsync();
        var versions = policy.Versions.ToArray();
        var revisions = await Task.WhenAll(versions.Select(async v =>
        {
            var history = await GrainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(Model, v)).GetConfigHistoryAsync();
            return history.Select(r => new VersionConfigRevision(v, r.Revision, r.At, r.By));
        }));
        var requested = await Task.WhenAll(versions.Select(async v => (Version: v, (await GrainFactory.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(Model, v)).GetConfigAsync()).Device)));
        var devices = await DevicesAsync(requested.ToDictionary(r => r.Version, r => r.Device));
        var now = time.GetUtcNow();
        return new AnalysisInput
        {
            Model = Model,
            From = now - window,
            To = now,
            IntervalSeconds = options.Value.SampleInterval.TotalSeconds,
            ActiveVersion = policy.Active,
            History = await historyTask,
            Audit = await auditTask,
            ConfigRevisions = [.. revisions.SelectMany(r => r)],
            Devices = devices,
            DeadLetterTopic = kafka.Value.DeadLetters,
            Focus = focus,
        };
    }

    /// <summary>Per active silo, the versions with traffic it has loaded and the device each runs on; a silo that does not answer is left out.</summary>
    private async Task<DeviceUse[]> DevicesAsync(Dictionary<int, string> requested)
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var statuses = await Task.WhenAll(hosts.Keys.Select(async silo =>
        {
            try
            {
                return await GrainFactory.GetGrain<ISiloAgentGrain>(silo.ToParsableString()).GetStatusAsync(Model);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                MonitoringLog.SiloStatusFailed(logger, Model, silo.ToParsableString(), e.Message);
                return [];
            }
        }));
        return
        [
            .. statuses.SelectMany(s => s)
                .Where(s => requested.ContainsKey(s.Version))
                .Select(s => new DeviceUse(s.Silo, s.Version, requested[s.Version], s.Device, s.LoadedAt))
                .OrderBy(d => d.Silo, StringComparer.Ordinal).ThenBy(d => d.Version),
        ];
    }
}
