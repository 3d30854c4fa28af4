using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Models;
using Orleans.Rec.Monitoring;

namespace Orleans.Rec.Api.Apis;

/// <summary>Operator endpoints for alert rules per model and the alerts they raise.</summary>
public static class AlertsApi
{

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/alerts", AllAlertsAsync).WithTags("Alerts").WithSummary("Alerts of every model, newest first (state: firing, resolved or all)");
        var model = app.MapGroup("/v1/models/{model}/alerts").WithTags("Alerts");
        model.MapGet("", ModelAlertsAsync).WithSummary("The model's alerts, newest first").ProducesProblem(StatusCodes.Status404NotFound);
        model.MapGet("/rules", RulesAsync).WithSummary("The model's alert rules: built-in ones not deleted, then its own").ProducesProblem(StatusCodes.Status404NotFound);
        model.MapGet("/rules/{ruleId}", RuleAsync).WithSummary("One alert rule").ProducesProblem(StatusCodes.Status404NotFound);
        model.MapPost("/rules", AddRuleAsync).WithSummary("Adds an alert rule").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        model.MapDelete("/rules/{ruleId}", DeleteRuleAsync).WithSummary("Deletes an alert rule (built-in ones too)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Ok<AlertsResponse>, ValidationProblem>> AllAlertsAsync(IClusterClient client, string? state = null)
    {
        if (!TryParseState(state, out var filter))
        {
            return StateProblem();
        }

        var models = await client.GetGrain<IModelCatalogGrain>(0).GetModelsAsync();
        var alerts = await Task.WhenAll(models.Select(m => client.GetGrain<IAlertManagerGrain>(m).GetAlertsAsync(filter)));
        return TypedResults.Ok(new AlertsResponse(alerts.SelectMany(a => a).OrderByDescending(a => a.FiredAt).ThenBy(a => a.Model, StringComparer.Ordinal).Select(AlertResponse.From).ToArray()));
    }

    internal static async Task<Results<Ok<AlertsResponse>, ValidationProblem, ProblemHttpResult>> ModelAlertsAsync(string model, IClusterClient client, string? state = null)
    {
        if (!TryParseState(state, out var filter))
        {
            return StateProblem();
        }

        if (await CheckModelAsync(model, client) is { } problem)
        {
            return problem.Validation is { } v ? v : problem.NotFound!;
        }

        var alerts = await client.GetGrain<IAlertManagerGrain>(model).GetAlertsAsync(filter);
        return TypedResults.Ok(new AlertsResponse(alerts.Select(AlertResponse.From).ToArray()));
    }

    internal static async Task<Results<Ok<AlertRulesResponse>, ValidationProblem, ProblemHttpResult>> RulesAsync(string model, IClusterClient client)
    {
        if (await CheckModelAsync(model, client) is { } problem)
        {
            return problem.Validation is { } v ? v : problem.NotFound!;
        }

        var rules = await client.GetGrain<IAlertManagerGrain>(model).GetRulesAsync();
        return TypedResults.Ok(new AlertRulesResponse(model, rules.Select(AlertRuleResponse.From).ToArray()));
    }

    internal static async Task<Results<Ok<AlertRuleResponse>, ValidationProblem, ProblemHttpResult>> RuleAsync(string model, string ruleId, IClusterClient client)
    {
        if (await CheckModelAsync(model, client) is { } problem)
        {
            return problem.Validation is { } v ? v : problem.NotFound!;
        }

        var rule = (await client.GetGrain<IAlertManagerGrain>(model).GetRulesAsync()).FirstOrDefault(r => r.Id == ruleId);
        return rule is null ? RuleNotFound(model, ruleId) : TypedResults.Ok(AlertRuleResponse.From(rule));
    }

    internal static async Task<Results<Created<AlertRuleResponse>, ValidationProblem, ProblemHttpResult>> AddRuleAsync(string model, AlertRuleRequest request, IClusterClient client)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InputRules.CheckModelName(model, errors);

        AlertMetric? metric = request.Metric is not null && AlertRules.Metrics.TryGetValue(request.Metric, out var m) ? m : null;
        if (metric is null)
        {
            errors["metric"] = ["must be one of " + string.Join(", ", AlertRules.Metrics.Keys)];
        }

        var comparison = AlertRules.ParseComparison(request.Comparison);
        if (comparison is null)
        {
            errors["comparison"] = ["must be '>' or '<' (or 'gt', 'lt')"];
        }

        var severity = request.Severity is null ? AlertSeverity.Warning : AlertRules.ParseSeverity(request.Severity);
        if (severity is null)
        {
            errors["severity"] = ["must be info, warning or critical"];
        }

        if (request.Threshold is null)
        {
            errors["threshold"] = ["is required"];
        }

        var rule = new AlertRule
        {
            Id = request.Id ?? "rule-" + Guid.NewGuid().ToString("N")[..8],
            Metric = metric ?? AlertMetric.P99LatencyMs,
            Comparison = comparison ?? AlertComparison.GreaterThan,
            Threshold = request.Threshold ?? 0,
            WindowSeconds = request.WindowSeconds ?? 300,
            Severity = severity ?? AlertSeverity.Warning,
            Version = request.Version,
            CompareWithControl = request.CompareWithControl ?? false,
            AutoRollback = request.AutoRollback ?? false,
            WebhookUrl = request.WebhookUrl,
        };
        foreach (var (field, messages) in AlertRules.Problems(rule))
        {
            errors.TryAdd(field, messages);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await CheckModelAsync(model, client) is { NotFound: { } notFound })
        {
            return notFound;
        }

        var added = await client.GetGrain<IAlertManagerGrain>(model).AddRuleAsync(rule);
        return TypedResults.Created($"/v1/models/{model}/alerts/rules/{added.Id}", AlertRuleResponse.From(added));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteRuleAsync(string model, string ruleId, IClusterClient client)
    {
        if (await CheckModelAsync(model, client) is { } problem)
        {
            return problem.Validation is { } v ? v : problem.NotFound!;
        }

        return await client.GetGrain<IAlertManagerGrain>(model).DeleteRuleAsync(ruleId) ? TypedResults.NoContent() : RuleNotFound(model, ruleId);
    }

    private static async Task<(ValidationProblem? Validation, ProblemHttpResult? NotFound)?> CheckModelAsync(string model, IClusterClient client)
    {
        if (!ModelKeys.IsValidModelName(model))
        {
            return (TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = [InputRules.ModelNameRule] }), null);
        }

        if ((await client.GetGrain<IModelRegistryGrain>(model).GetVersionsAsync()).Length == 0)
        {
            return (null, TypedResults.Problem($"model '{model}' has no versions", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        }

        return null;
    }

    private static ProblemHttpResult RuleNotFound(string model, string ruleId) =>
        TypedResults.Problem($"model '{model}' has no alert rule '{ruleId}'", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static bool TryParseState(string? state, out AlertState? filter)
    {
        filter = null;
        switch (state)
        {
            case null or "all":
                return true;
            case "firing":
                filter = AlertState.Firing;
                return true;
            case "resolved":
                filter = AlertState.Resolved;
                return true;
            default:
                return false;
        }
    }

    private static ValidationProblem StateProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["must be firing, resolved or all"] });
}
