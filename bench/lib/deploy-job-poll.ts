// deploy-job-poll: polling DeployModelService's job while its group walks Deploying, ConfigSettingUp and
// ServiceBootingUp. The deployment of the measured phase is sent as that phase begins and lasts a little longer than
// it, so that every answer measured is the running job's 202 `{}` and the deployer's steps land inside the phase.
import { randomUUID } from "node:crypto";
import type { LoadTemplate, ScenarioResult } from "./measure.js";
import { measureLoad } from "./measure.js";
import { freshDb, serverSettings, withServers, type BenchContext } from "./scenarios.js";
import { addOnce, authHeaders, deployOnce, groupStatus, login, serviceAdd, startZStack } from "./zstack.js";

/** Seconds a deployment outlasts the measured phase: the load generator's start-up, and the deployer's tick. */
const marginSeconds = 4;

const groupUuid = () => randomUUID().replaceAll("-", "");

export async function deployJobPoll(context: BenchContext): Promise<ScenarioResult> {
  const name = "deploy-job-poll";
  const deploySeconds = context.options.duration + marginSeconds;
  return withServers(
    name,
    async () => [await startZStack(serverSettings(context, name, freshDb(context, name), { deploySeconds }))],
    async ([server]) => {
      const { origin } = server!;
      const session = await login(origin);
      const { uuid: serviceUuid } = await addOnce(origin, session, await serviceAdd(origin, session));
      const poll = (location: string): LoadTemplate => ({
        method: "GET",
        paths: [new URL(location).pathname],
        headers: authHeaders(session),
      });
      // The warm-up polls a deployment of its own (finished, answering 200, if the warm-up outlasts it).
      const warmUp = poll(await deployOnce(origin, session, serviceUuid, groupUuid()));
      const measuredGroup = groupUuid();
      // Read the moment the phase ends (a later read could see Running): how far the group walked during it.
      let statusAtEnd: Promise<string | undefined> = Promise.resolve(undefined);
      const result = await measureLoad(name, context.options, [origin], [server!.process], warmUp, {
        measuredLoad: async () => poll(await deployOnce(origin, session, serviceUuid, measuredGroup)),
        measuredEnd: () => {
          statusAtEnd = groupStatus(origin, session, measuredGroup).catch(
            (error: Error) => `unknown (${error.message})`,
          );
        },
      });
      const finished = result.statusCodes?.["200"];
      if (!result.failed)
        result.note =
          `the group, deployed (Deploying) as the measured phase began, was ${await statusAtEnd} when it ended` +
          (finished ? `; the job finished within it (${finished} answers 200)` : "; every answer 202");
      return result;
    },
  );
}
