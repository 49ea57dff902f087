import { Link } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { Loading, Notice, Page } from '../components/page';
import { fiscalYearLabel, warekiDateTime } from '../format/format';
import { PHASE_LABELS, useYears } from '../years/queries';

/** 年度一覧: each fiscal year the service holds, its phase and its insurers' deadline. */
export function YearsPage() {
  const { years, isLoading, error } = useYears();
  const session = useSignedIn();
  const opening =
    session.role === 'national-admin' ? (
      <Link to="/app/national/open" className="inline-flex min-h-11 items-center rounded-8 border-2 border-blue-900 bg-blue-900 px-4 py-2 text-oln-16B-100 text-white hover:bg-blue-1000 hover:underline">
        年度を開始する
      </Link>
    ) : undefined;
  return (
    <Page title="年度一覧" lead="年度を選ぶと、段階・期限・次の段階に進むための確認事項と、都道府県別の提出状況が表示されます。" actions={opening}>
      {error && <Notice tone="error">{error.message}</Notice>}
      {isLoading && <Loading what="年度" />}
      {!isLoading && years.length === 0 && <Notice title="年度はまだありません">「年度を開始する」から年度を開始してください。</Notice>}
      {years.length > 0 && (
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">年度一覧</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              {['年度', '段階', '算定ルール', '保険者の提出期限', '都道府県の提出期限', '国の審査期限'].map((h) => (
                <th key={h} scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {years.map((year) => (
              <tr key={year.fiscalYear} className="border-b border-solid-gray-200">
                <td className="px-3 py-2 text-std-16B-170">
                  <Link to={`/app/national/${year.fiscalYear}`} className="text-blue-900 underline hover:text-blue-1000">
                    {fiscalYearLabel(year.fiscalYear)}
                  </Link>
                </td>
                <td className="px-3 py-2 text-std-16N-170">{PHASE_LABELS[year.phase]}</td>
                <td className="px-3 py-2 text-std-16N-170">{year.allocationRuleVersion}</td>
                <td className="px-3 py-2 text-std-16N-170">{warekiDateTime(year.deadlines.submissionsDueAt)}</td>
                <td className="px-3 py-2 text-std-16N-170">{warekiDateTime(year.deadlines.prefectureSubmissionsDueAt)}</td>
                <td className="px-3 py-2 text-std-16N-170">{warekiDateTime(year.deadlines.reviewDueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
