using Orleans.Concurrency;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec;

/// <summary>
/// The alert rules and alerts of one model (key: model name): evaluates the rules on a timer
/// (<c>Rec:Monitoring:AlertEvaluationInterval</c>) from the model's history samples, records fire and resolve
/// transitions and notifies them (log, webhooks, Kafka topic <c>alerts</c>).
/// </summary>
[Alias("rec.IAlertManagerGrain")]
public interface IAlertManagerGrain : IGrainWithStringKey
{
    /// <summary>Wakes the grain so that its timer evaluates (the history grain calls it).</summary>
    [Alias("Start"), OneWay]
    Task StartAsync();

    /// <summary>The rules in force: the built-in ones not deleted, then the model's own.</summary>
    [Alias("GetRules"), ReadOnly]
    Task<AlertRule[]> GetRulesAsync();

    /// <summary>Adds a rule.</summary>
    /// <exception cref="Models.ModelValidationException">The rule is invalid.</exception>
    /// <exception cref="Models.ModelStateConflictException">A rule with its id exists.</exception>
    [Alias("AddRule")]
    Task<AlertRule> AddRuleAsync(AlertRule rule);

    /// <summary>Deletes a rule (a built-in one too); false when there is none with that id.</summary>
    [Alias("DeleteRule")]
    Task<bool> DeleteRuleAsync(string ruleId);

    /// <summary>Evaluates every rule now (the timer does the same) and returns the transitions it made.</summary>
    [Alias("Evaluate")]
    Task<Alert[]> EvaluateAsync();

    /// <summary>The model's alerts, newest first: firing ones, resolved ones, or both (null).</summary>
    [Alias("GetAlerts"), ReadOnly]
    Task<Alert[]> GetAlertsAsync(AlertState? state);
}
