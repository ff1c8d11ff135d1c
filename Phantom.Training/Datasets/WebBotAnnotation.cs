namespace Phantom.Training.Datasets;

/// <summary>One annotated session of a web-bot task: its id, class (<c>human</c>, <c>moderate_bot</c>, <c>advanced_bot</c>) and split.</summary>
public sealed record WebBotAnnotation(string SessionId, string Class, bool IsTest)
{
    public bool IsBot => Class != "human";
}
