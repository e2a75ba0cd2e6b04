export interface TestUrls {
  postgres: string;
  redis: string;
  rabbitmq: string;
}

/** The servers integration tests talk to, overridable through the environment (CI, another machine). */
export function readTestUrls(env: Record<string, string | undefined>): TestUrls {
  return {
    postgres: env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    redis: env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
    rabbitmq: env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  };
}

export const testUrls: TestUrls = readTestUrls(process.env);
