using Phantom.Streams.Agents;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Training.Datasets;
using Phantom.Training.Detection;
using Phantom.Training.Learning;
using Phantom.Training.Linear;
using Phantom.Training.Replay;
using Phantom.Training.Trees;

namespace Phantom.Training.Evaluation;

/// <summary>
/// The detector on real traffic: the Iliou et al. web-bot logs, turned into events by <see cref="IliouWebBotDataset"/>
/// and replayed through the live feature code; per task, detectors train on the sessions of its train annotations
/// that appear in the logs and are scored on those of its test annotations. With tens of sessions per side the
/// learners are set for small data (shallow trees, small leaves, a firmer L2), and the numbers are noisy.
/// </summary>
public static class WebBotEvaluation
{
    /// <summary>Trees for a few dozen rows: depth 3, leaves of 3 sessions, 100 rounds at 0.1.</summary>
    public static GradientBoostingOptions SmallDataTrees { get; } = new() { Rounds = 100, MaxDepth = 3, MinSamplesLeaf = 3, LearningRate = 0.1 };

    public static LogisticRegressionOptions SmallDataLogistic { get; } = new() { L2Regularization = 1.0 };

    /// <summary>
    /// Features that tell how the data was collected rather than how a visitor behaved: the bots of these logs all
    /// ran one browser build during working hours, the humans other browsers at other hours, so these features alone
    /// separate the classes. The behaviour-only scores leave them out (set to a constant, which no learner splits on).
    /// </summary>
    public static IReadOnlyList<string> CollectionArtifactFeatures { get; } = ["session_start_hour", "browser_family", "is_headless", "is_automation"];

    /// <summary>Replays the logs once and evaluates both tasks (see the class summary).</summary>
    /// <param name="kernelsDirectory">
    /// When given, each task's human and bot kernels, estimated from every annotated session the logs hold, are written
    /// there as a kernels artifact named after the task (for <c>phantom benchmark --kernels</c>).
    /// </param>
    public static WebBotEvaluationResult Run(PhantomOptions options, string folder, Action<string>? log = null, int folds = 5, long seed = 1, string? kernelsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = IliouWebBotDataset.Load(folder);
        log?.Invoke($"web-bot logs: {data.LinesRead:N0} lines, {data.RequestsMapped:N0} requests of annotated sessions became events, {data.RequestsLeftOut:N0} left out");

        // A session id is one visit here: never split it on an idle gap (the live default would after 30 minutes).
        var whole = options.ShallowCopy();
        whole.Session = options.Session.Clone();
        whole.Session.PassivateIdleAfter = TimeSpan.FromDays(365);
        var replayer = new SessionReplayer(whole, new ReplayOptions { Labels = IliouWebBotDataset.Labels, KeepTrajectories = true });
        var sessions = new Dictionary<string, ReplayedSession>(StringComparer.Ordinal);
        var stats = replayer.Run(data.Source(), s => sessions[s.SessionId] = s);

        var tasks = new List<WebBotTaskResult>();
        foreach (var task in IliouWebBotDataset.Tasks)
        {
            var annotations = data.Annotations[task];
            var present = annotations.Where(a => sessions.ContainsKey(a.SessionId)).ToList();
            var train = present.Where(a => !a.IsTest).ToList();
            var test = present.Where(a => a.IsTest).ToList();
            var (trainX, trainY) = Rows(train, sessions);
            var (testX, testY) = Rows(test, sessions);
            if (train.Count(a => a.IsBot) == 0 || train.Count(a => !a.IsBot) == 0)
            {
                throw new InvalidDataException($"{task}: the logs hold no {(train.Any(a => a.IsBot) ? "human" : "bot")} session of the train split; nothing to train on");
            }

            var gbt = DetectorTrainer.Train(new Data.LabeledDataset(trainX, trainY, SessionFeatures.FeatureNames), new Data.LabeledDataset(testX, testY, SessionFeatures.FeatureNames),
                new DetectorOptions { Algorithm = DetectorAlgorithm.Gbt, Trees = SmallDataTrees });
            var logistic = DetectorTrainer.Train(new Data.LabeledDataset(trainX, trainY, SessionFeatures.FeatureNames), new Data.LabeledDataset(testX, testY, SessionFeatures.FeatureNames),
                new DetectorOptions { Algorithm = DetectorAlgorithm.Logistic, Logistic = SmallDataLogistic });
            double Live(WebBotAnnotation a) => replayer.Model.Detector.Score(sessions[a.SessionId].Features);
            double Kernel(WebBotAnnotation a) => sessions[a.SessionId].Features.AgentProbability;

            var (allX, allY) = Rows(present, sessions);
            var (pooledGbt, pooledLogistic) = CrossValidate(allX, allY, folds, seed);
            var (behaviourGbt, behaviourLogistic) = CrossValidate(WithoutArtifacts(allX), allY, folds, seed);
            var presentSessions = present.Select(a => sessions[a.SessionId]).ToList();
            var siteKernels = CrossValidateSiteKernels(presentSessions, allY, options.Agent, folds, seed);
            if (kernelsDirectory is not null)
            {
                var directory = Path.Combine(kernelsDirectory, task);
                var estimator = SiteKernels(presentSessions, allY, _ => true);
                KernelTrainer.WriteArtifact(KernelTrainer.Result(estimator, options.Agent.Epsilon), directory,
                    $"{IliouWebBotDataset.FolderName}, task {task}: every annotated session in the logs ({estimator.HumanSessions} human, {estimator.AgentSessions} bot)", seed);
                log?.Invoke($"{task}: site kernels written to {directory}");
            }
            var result = new WebBotTaskResult(task,
                train.Count(a => !a.IsBot), train.Count(a => a.IsBot), test.Count(a => !a.IsBot), test.Count(a => a.IsBot),
                annotations.Count - present.Count,
                HeldOutScores.From(gbt.Test), HeldOutScores.From(logistic.Test),
                HeldOutScores.Ranking(test.Select(Live).ToArray(), testY), HeldOutScores.Ranking(test.Select(Kernel).ToArray(), testY),
                folds,
                HeldOutScores.From(pooledGbt), HeldOutScores.From(pooledLogistic),
                HeldOutScores.Ranking(present.Select(Live).ToArray(), allY), HeldOutScores.Ranking(present.Select(Kernel).ToArray(), allY),
                HeldOutScores.From(behaviourGbt), HeldOutScores.From(behaviourLogistic),
                siteKernels);
            log?.Invoke($"{task}: official split train {result.TrainHumans}h+{result.TrainBots}b, test {result.TestHumans}h+{result.TestBots}b (ROC-AUC gbt {result.Gbt.RocAuc:F3}); "
                + $"{folds}-fold CV over {present.Count} sessions: gbt {result.PooledGbt.RocAuc:F3}, logistic {result.PooledLogistic.RocAuc:F3}; "
                + $"behaviour only: gbt {result.PooledBehaviourGbt.RocAuc:F3}, logistic {result.PooledBehaviourLogistic.RocAuc:F3}; "
                + $"f(τ) on this site's kernels {result.PooledSiteKernelScore.RocAuc:F3}");
            tasks.Add(result);
        }

        return new WebBotEvaluationResult(data.LinesRead, stats.Events, stats.Sessions, data.RequestsLeftOut, tasks);
    }

    /// <summary>
    /// f(τ) on kernels of this site: under the same stratified folds, human and agent kernels are estimated by MLE
    /// (<see cref="KernelEstimator"/>, what <c>phantom train kernels</c> runs) from the other folds' trajectories, and
    /// each held-out session is scored against them; the out-of-fold scores are ranked together.
    /// </summary>
    private static HeldOutScores CrossValidateSiteKernels(IReadOnlyList<ReplayedSession> sessions, float[] labels, AgentOptions agent, int folds, long seed)
    {
        var assignment = StratifiedKFold.AssignFolds(labels, folds, seed);
        var scores = new double[labels.Length];
        for (var k = 0; k < folds; k++)
        {
            var estimator = SiteKernels(sessions, labels, i => assignment[i] != k);
            var human = estimator.Human(agent.Epsilon);
            var bot = estimator.Agent(agent.Epsilon);
            for (var i = 0; i < labels.Length; i++)
            {
                if (assignment[i] == k)
                {
                    scores[i] = KernelDivergence.AgentProbability([.. sessions[i].States!], human, bot, agent.Temperature, agent.Prior);
                }
            }
        }

        return HeldOutScores.Ranking(scores, labels);
    }

    /// <summary>Transition counts of the sessions <paramref name="include"/> selects (by position), labelled bot = agent.</summary>
    private static KernelEstimator SiteKernels(IReadOnlyList<ReplayedSession> sessions, float[] labels, Func<int, bool> include)
    {
        var estimator = new KernelEstimator();
        for (var i = 0; i < labels.Length; i++)
        {
            if (include(i))
            {
                estimator.Add(labels[i] == 1f ? GroundTruth.Agent : GroundTruth.Human, sessions[i].States!, sessions[i].Events);
            }
        }

        return estimator;
    }

    /// <summary>Out-of-fold predictions of both detectors under stratified k-fold, each scored as one set.</summary>
    private static Matrix WithoutArtifacts(Matrix features)
    {
        var copy = features.Clone();
        foreach (var name in CollectionArtifactFeatures)
        {
            var column = SessionFeatures.IndexOf(name);
            for (var r = 0; r < copy.Rows; r++)
            {
                copy[r, column] = 0;
            }
        }

        return copy;
    }

    private static (BinaryClassificationReport Gbt, BinaryClassificationReport Logistic) CrossValidate(Matrix features, float[] labels, int folds, long seed)
    {
        var assignment = StratifiedKFold.AssignFolds(labels, folds, seed);
        var gbt = new double[labels.Length];
        var logistic = new double[labels.Length];
        var names = SessionFeatures.FeatureNames;
        var all = new Data.LabeledDataset(features, labels, names);
        for (var k = 0; k < folds; k++)
        {
            var train = Enumerable.Range(0, labels.Length).Where(i => assignment[i] != k).ToArray();
            var test = Enumerable.Range(0, labels.Length).Where(i => assignment[i] == k).ToArray();
            var trainSet = all.Subset(train);
            var testSet = all.Subset(test);
            var g = GradientBoostingTrainer.Fit(trainSet.Features, trainSet.Labels, SmallDataTrees with { Seed = seed }).PredictProbabilities(testSet.Features);
            var l = LogisticRegression.Fit(trainSet.Features, trainSet.Labels, SmallDataLogistic).PredictProbabilities(testSet.Features);
            for (var i = 0; i < test.Length; i++)
            {
                gbt[test[i]] = g[i];
                logistic[test[i]] = l[i];
            }
        }

        return (BinaryClassificationReport.Compute(gbt, labels), BinaryClassificationReport.Compute(logistic, labels));
    }

    private static (Matrix Features, float[] Labels) Rows(IReadOnlyList<WebBotAnnotation> annotations, Dictionary<string, ReplayedSession> sessions)
    {
        var matrix = new Matrix(annotations.Count, SessionFeatures.Count);
        var labels = new float[annotations.Count];
        var vector = new double[SessionFeatures.Count];
        for (var i = 0; i < annotations.Count; i++)
        {
            sessions[annotations[i].SessionId].Features.CopyTo(vector);
            var row = matrix.Row(i);
            for (var c = 0; c < vector.Length; c++)
            {
                row[c] = (float)vector[c];
            }

            labels[i] = annotations[i].IsBot ? 1f : 0f;
        }

        return (matrix, labels);
    }
}
