import type { Finding } from '../core/problem.ts';
import type { Rule } from './rule.ts';

export const textRules: Rule = (doc) => {
  const out: Finding[] = [];
  if (typeof doc.description === 'string') {
    const n = [...doc.description].length;
    if (n < 1 || n > 100) {
      out.push({
        rule: 'description-length',
        jsonPath: '$.description',
        message: `description is ${n} characters; it must be 1 to 100. Keep it to one line; details belong in the README.`,
      });
    }
  }
  if (typeof doc.title === 'string') {
    const n = [...doc.title].length;
    if (n < 1 || n > 100)
      out.push({
        rule: 'title-length',
        jsonPath: '$.title',
        message: `title is ${n} characters; it must be 1 to 100.`,
      });
    else if (doc.title.trim() === '')
      out.push({
        rule: 'title-length',
        jsonPath: '$.title',
        message: 'title is only whitespace; give a readable title or remove the field.',
      });
  }
  return out;
};
