// The answer's "where to file": the place (by the agency that carries the procedure out,
// see agency.ts), whether the post takes the file (not where the applicant must appear,
// see presence.ts), and the online way.
import { describePlace, type Place } from './agency.ts';
import type { Channel, SubmissionMethod } from './parse-submission-methods.ts';
import type { Presence } from './presence.ts';
import { PORTAL_NAME } from './ways.ts';

/**
 * A description that says the file is handed in at the counter ("khai báo tạm vắng qua: +
 * Trực tiếp tại cơ quan đăng ký cư trú"), though the table lists no such way. Receiving the
 * result in person ("trả kết quả… trực tiếp tại") is not filing in person.
 */
const IN_PERSON_IN_TEXT = /(?:nộp|khai báo|đăng ký)[^.;]{0,60}?trực tiếp (?:tại|đến)|nộp (?:hồ sơ )?trực tiếp/iu;

/**
 * The ways a citizen may really use: the post is dropped where the applicant must appear,
 * since a file sent by post would only be sent back.
 */
export function usableMethods(methods: readonly SubmissionMethod[], presence: Presence): SubmissionMethod[] {
  const withoutPost = methods.filter((m) => m.channel !== 'Dịch vụ bưu chính');
  return presence.required && withoutPost.length ? withoutPost : [...methods];
}

export function describeSubmission(
  methods: readonly SubmissionMethod[],
  place: Place,
  url: string,
  presence: Presence = { resultByPost: false },
  waysText = '',
): { inPerson: string; online: string } {
  const offers = (channel: Channel) => methods.some((m) => m.channel === channel);
  const where = describePlace(place);
  const postal = offers('Dịch vụ bưu chính') && !presence.required;
  let inPerson: string;
  if (offers('Trực tiếp') || presence.required || IN_PERSON_IN_TEXT.test(waysText)) inPerson = postal ? `${where}; hoặc gửi hồ sơ qua dịch vụ bưu chính` : where;
  else if (postal) inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; gửi hồ sơ qua dịch vụ bưu chính đến ${where}`;
  else inPerson = `${PORTAL_NAME} không ghi hình thức nộp trực tiếp; liên hệ ${where}`;
  if (presence.required) {
    const result = presence.resultByPost ? '; có thể nhận kết quả qua bưu điện' : '';
    inPerson += `. ${presence.required.charAt(0).toUpperCase()}${presence.required.slice(1)}, nên không nộp hồ sơ qua bưu chính${result}.`;
  } else if (presence.resultByPost && !postal) inPerson += '; có thể nhận kết quả qua bưu điện';
  const online = offers('Trực tuyến') ? `qua ${PORTAL_NAME}: ${url}` : `${PORTAL_NAME} chưa ghi hình thức nộp trực tuyến cho thủ tục này`;
  return { inPerson, online };
}
