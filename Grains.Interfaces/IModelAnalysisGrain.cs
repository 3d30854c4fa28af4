using Orleans.Concurrency;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec;

/// <summary>
/// Analyses one model's recent serving (key: model name): what got worse and its probable causes, ranked. Stateless:
/// each call reads the history, audit log, config revisions and devices afresh.
/// </summary>
[Alias("rec.IModelAnalysisGrain")]
public interface IModelAnalysisGrain : IGrainWithStringKey
{
    /// <summary>The window of <paramref name="window"/> before now.</summary>
    [Alias("Analyze"), ReadOnly]
    Task<ModelAnalysis> AnalyzeAsync(TimeSpan window);

    /// <summary>For <paramref name="alert"/> as it fires: its metric is the symptom and its window sets the onset.</summary>
    [Alias("AnalyzeAlert"), ReadOnly]
    Task<ModelAnalysis> AnalyzeAlertAsync(Alert alert, TimeSpan window);
}
