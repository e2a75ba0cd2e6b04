/**
 * AMQP topic matching, as RabbitMQ does it: words are separated by `.`, `*` matches exactly one word and
 * `#` zero or more. The in-process bus uses it so both modes route alike.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchFrom(words(pattern), 0, words(routingKey), 0);
}

// RabbitMQ reads the empty key as zero words, so `#` matches it and `*` does not.
function words(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

function matchFrom(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    for (let next = k; next <= key.length; next++) {
      if (matchFrom(pattern, p + 1, key, next)) return true;
    }
    return false;
  }
  if (k === key.length) return false;
  return (word === '*' || word === key[k]) && matchFrom(pattern, p + 1, key, k + 1);
}
